/**
 * The colour theme: the system's, or light or dark whatever the system says. Kept in a cookie
 * (not localStorage) so the server renders the page in it at once, with no flash of the other.
 */
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];
export const themeCookie = 'tern-theme';

export function parseTheme(value: string | undefined): Theme {
  return themes.find((t) => t === value) ?? 'system';
}

/** Applies a theme to this page at once and remembers it for a year. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  document.cookie = `${themeCookie}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
