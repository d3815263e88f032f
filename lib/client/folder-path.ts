/** A folder's full name travels in URLs as one encodeURIComponent segment: /mail/Projects%2FTern. */

export function folderHref(folder: string): string {
  return `/mail/${encodeURIComponent(folder)}`;
}

/** The folder a URL segment names, or undefined when the segment is not valid percent-encoding. */
export function folderFromSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
