/** Tiny truecolor PNG images, painted pixel by pixel, for attachments and inline images. */
import { crc32, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Rgb = readonly [number, number, number];

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid truecolor PNG (filter 0 on every row, zlib-deflated IDAT, CRCs). */
export function encodePng(
  width: number,
  height: number,
  paint: (x: number, y: number) => Rgb,
): Buffer {
  const stride = width * 3 + 1;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      const offset = y * stride + 1 + x * 3;
      pixels[offset] = r;
      pixels[offset + 1] = g;
      pixels[offset + 2] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolor
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function paintLogo(x: number, y: number): Rgb {
  const dx = x - 15.5;
  const dy = y - 15.5;
  if (dx * dx + dy * dy > 15 * 15) return [255, 255, 255];
  // A white "wing" chevron on a teal disc, the Tern mark.
  const wing = Math.abs(Math.abs(dx) - (y - 8)) < 2 && y > 8 && y < 22;
  return wing ? [255, 255, 255] : [13, 128, 128];
}

export function paintChart(x: number, y: number): Rgb {
  if (x === 6 || y === 57) return [60, 60, 60];
  const bars = [20, 34, 27, 45, 39, 50];
  const slot = Math.floor((x - 10) / 14);
  const height = bars[slot];
  if (x >= 10 && height !== undefined && (x - 10) % 14 < 10 && y < 57 && y >= 57 - height) {
    return slot % 2 === 0 ? [52, 120, 200] : [240, 140, 40];
  }
  return [255, 255, 255];
}

export function paintPhoto(x: number, y: number): Rgb {
  const sunX = x - 46;
  const sunY = y - 12;
  if (sunX * sunX + sunY * sunY < 36) return [255, 220, 90];
  if (y < 28) return [110 + y * 3, 170 + y * 2, 235];
  return [20, 90 + ((x * 7 + y * 13) % 20), 140 + ((x + y) % 25)];
}

export function paintScreenshot(x: number, y: number): Rgb {
  if (y < 6) return x > 70 ? [230, 80, 80] : [200, 200, 205];
  if (x < 18) return [45, 52, 64];
  if (y % 9 < 3 && x > 22 && x < 22 + ((y * 17) % 50)) return [120, 120, 130];
  return [248, 248, 250];
}
