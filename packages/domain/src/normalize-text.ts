// Spreadsheets typed on Chinese IMEs often carry full-width digits and punctuation
// (１２，８００．５０, ＊工号：), so every parser normalises to ASCII first.

const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;
// U+FF01..U+FF5E mirror U+0021..U+007E at a fixed distance.
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/** Maps full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space (U+3000) to a plain space. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END) out += String.fromCharCode(code - FULL_WIDTH_OFFSET);
    else if (code === IDEOGRAPHIC_SPACE) out += ' ';
    else out += ch;
  }
  return out;
}

// Openers and their closers; only a *matching* pair is stripped so "金额(元)" keeps its unit note.
const BRACKET_PAIRS: Record<string, string> = {
  '(': ')',
  '[': ']',
  '{': '}',
  '<': '>',
  '【': '】',
  '〔': '〕',
  '《': '》',
  '「': '」',
  '『': '』',
};
// Required-field markers and label colons that templates put around header text.
const MARKERS = new Set(['*', ':', '：', '※']);

function stripOnce(s: string): string {
  let out = s.trim();
  while (out.length > 0 && MARKERS.has(out[0])) out = out.slice(1).trimStart();
  while (out.length > 0 && MARKERS.has(out[out.length - 1])) out = out.slice(0, -1).trimEnd();
  const closer = BRACKET_PAIRS[out[0]];
  if (closer !== undefined && out.length >= 2 && out.endsWith(closer)) out = out.slice(1, -1).trim();
  return out;
}

/**
 * Canonical form of a column header for comparison: half-width, single spaces, lower-case,
 * without surrounding brackets, asterisks or colons (`*工号：` → `工号`, `【Email】` → `email`).
 */
export function normalizeHeader(s: string): string {
  let out = toHalfWidth(s).replace(/\s+/g, ' ').toLowerCase();
  // Markers and brackets nest in any order ("*[工号]:"), so strip until nothing changes.
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = stripOnce(out);
  }
  return out;
}
