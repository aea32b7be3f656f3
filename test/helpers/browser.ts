import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => fs.existsSync(CHROMIUM);

/** Flags for a closed network and running as root (see the machine notes). */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function listen(app: Express): Promise<{ server: Server; baseUrl: string }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // The panel's component bundle is built on its first request (as src/main.ts warms it): built
  // here, inside the caller's beforeAll, rather than inside a test's first page load and its timeout.
  await fetch(`${baseUrl}/admin/frontend/assets/components.bundle.js`).catch(() => undefined);
  return { server, baseUrl };
}
