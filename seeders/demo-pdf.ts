/**
 * A minimal, valid one-page PDF 1.4 built by hand (no dependency), used as the scanned
 * "original" of demo documents. Deterministic: the same title and lines give the same bytes,
 * so the SHA-256 (and the content-addressed storage key) is stable.
 */

/** Escapes a string for a PDF literal string; characters outside Latin-1 become '?'. */
function pdfString(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '(' || ch === ')') out += `\\${ch}`;
    else if (code === 0x2013 || code === 0x2014) out += '-';
    else if (code < 0x20 || code > 0xff) out += '?';
    else out += ch;
  }
  return `(${out})`;
}

/**
 * Builds the PDF. `title` is the large first line (e.g. "SALINAN KTP - Sri Wahyuni, S.Pd.");
 * `lines` are smaller lines under it.
 */
export function makeDemoPdf(title: string, lines: string[] = []): Buffer {
  const content = [
    'BT',
    '/F1 16 Tf',
    '72 770 Td',
    `${pdfString(title)} Tj`,
    '/F1 11 Tf',
    ...lines.flatMap((l) => ['0 -22 Td', `${pdfString(l)} Tj`]),
    '0 -40 Td',
    '/F1 9 Tf',
    `${pdfString('Dokumen contoh (data demo PDM Monitor) - bukan dokumen asli.')} Tj`,
    'ET',
    '0.6 w 60 60 475 730 re S',
  ].join('\n');
  const contentBytes = Buffer.from(content, 'latin1');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    null, // the content stream, written below
    `<< /Title ${pdfString(title)} /Producer (PDM Monitor demo seeder) >>`,
  ];

  const chunks: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer) => {
    chunks.push(b);
    offset += b.length;
  };
  // Header plus a comment line with bytes > 127 so tools treat the file as binary.
  push(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const num = i + 1;
    if (body === null) {
      push(Buffer.from(`${num} 0 obj\n<< /Length ${contentBytes.length} >>\nstream\n`, 'latin1'));
      push(contentBytes);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else {
      push(Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1'));
    }
  });
  const xrefOffset = offset;
  // Each xref entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, n|f, CR LF.
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f\r\n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\n`,
    `startxref\n${xrefOffset}\n%%EOF\n`,
  ].join('');
  push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}
