import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A small, real, valid PDF with one page of text (like a scanned form with its caption). */
export async function makePdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(title, { x: 60, y: 760, size: 18, font });
  page.drawText('Salinan sesuai aslinya — dokumen uji PDM Monitor', { x: 60, y: 730, size: 11, font });
  return Buffer.from(await doc.save());
}
