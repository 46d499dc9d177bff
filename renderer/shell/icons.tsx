/** Small line icons drawn in SVG: emoji fonts are missing on many workshop PCs. */

export function NoteIcon({ label }: { label?: string }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      {label && <title>{label}</title>}
      <path d="M3 1.5h7l3 3v10H3z" fill="#fff3c4" stroke="#a07800" strokeWidth="1.2" strokeLinejoin="round" />
      <path d="M5 7h6M5 9.5h6M5 12h4" stroke="#a07800" strokeWidth="1.1" strokeLinecap="round" />
    </svg>
  );
}

export function ClockIcon({ label }: { label: string }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" role="img" aria-label={label}>
      <title>{label}</title>
      <circle cx="8" cy="8" r="6.3" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M8 4.5V8l2.4 1.6" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}

export function ChevronIcon({ up }: { up: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path d={up ? 'M3.5 10l4.5-4.5 4.5 4.5' : 'M3.5 6l4.5 4.5 4.5-4.5'} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
