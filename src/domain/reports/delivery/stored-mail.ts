import type { MailBody } from './mail-body.js';
import type { WorkbookStore } from './workbook-store.js';

/**
 * A delivery's files under var/reports/<run>/: the workbook and, beside it, the rendered mail
 * (<workbook>.mail.json), so a retry sends exactly what was planned — rebuilt only when the
 * files are not on this instance's disk.
 */

export interface StoredMail extends MailBody {
  attachmentName: string;
}

/** Saves an item's workbook and mail with its run; returns the workbook's path (kept with the delivery). */
export async function storeMail(
  store: WorkbookStore,
  runId: number,
  item: { filename: string; workbook: Buffer; mail: MailBody },
): Promise<{ workbookPath: string; mail: StoredMail }> {
  const workbookPath = await store.save(runId, item.filename, item.workbook);
  const mail: StoredMail = { ...item.mail, attachmentName: item.filename };
  await store.put(runId, mailJsonPath(workbookPath).split('/').pop() as string, JSON.stringify(mail));
  return { workbookPath, mail };
}

/** The stored mail and workbook of a delivery; null when either file is missing here. */
export async function loadMail(store: WorkbookStore, workbookPath: string | null): Promise<{ mail: StoredMail; workbook: Buffer } | null> {
  if (!workbookPath || !(await store.exists(workbookPath)) || !(await store.exists(mailJsonPath(workbookPath)))) return null;
  const mail = JSON.parse((await store.read(mailJsonPath(workbookPath))).toString('utf8')) as StoredMail;
  return { mail, workbook: await store.read(workbookPath) };
}

function mailJsonPath(workbookPath: string): string {
  return workbookPath.replace(/\.xlsx$/i, '') + '.mail.json';
}
