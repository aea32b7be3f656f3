/**
 * A schedule's cron expression in words, shown next to it ("0 7 * * *" → "setiap hari pukul
 * 07.00"). Covers the forms BKPSDM uses (minute and hour fixed; every day, some weekdays, a day of
 * the month); anything else is "jadwal khusus (lihat waktu kirim berikutnya)".
 */
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];

function weekdays(field: string): string | null {
  const parts = field.split(',');
  const names: string[] = [];
  for (const p of parts) {
    const range = p.match(/^(\d)-(\d)$/);
    if (range) {
      names.push(`${DAYS[Number(range[1])]}–${DAYS[Number(range[2])]}`);
      continue;
    }
    if (!/^\d$/.test(p) || Number(p) > 7) return null;
    names.push(DAYS[Number(p)]);
  }
  return names.join(', ');
}

export function cronInWords(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  const fallback = 'jadwal khusus (lihat waktu kirim berikutnya)';
  if (fields.length !== 5) return fallback;
  const [minute, hour, dom, month, dow] = fields;
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}(,\d{1,2})*$/.test(hour)) return fallback;
  const at = hour
    .split(',')
    .map((h) => `${h.padStart(2, '0')}.${minute.padStart(2, '0')}`)
    .join(' dan ');
  if (month !== '*') return fallback;
  if (dom === '*' && dow === '*') return `setiap hari pukul ${at}`;
  if (dom === '*') {
    const days = weekdays(dow);
    return days ? `setiap ${days} pukul ${at}` : fallback;
  }
  if (dow === '*' && /^\d{1,2}(,\d{1,2})*$/.test(dom)) return `setiap tanggal ${dom.split(',').join(', ')} pukul ${at}`;
  return fallback;
}
