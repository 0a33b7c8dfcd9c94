import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Which Chromium: $CHROMIUM_PATH (or $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH), else the system
// /usr/bin/chromium, else Playwright's own browser (what a developer on a laptop has).
const executablePath =
  process.env.CHROMIUM_PATH ||
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ||
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// The preview server's port: E2E_PORT when set, else one the OS picks (a fixed port collides
// with anything else on the machine). The choice goes into the environment, so the test workers
// Playwright spawns after loading this file read the same port.
if (!process.env.E2E_PORT) {
  const probe =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  process.env.E2E_PORT = execFileSync(process.execPath, ['-e', probe]).toString().trim();
}
const PORT = Number(process.env.E2E_PORT);

// Keep Chromium off the (closed) network: no background fetches, updates or sync.
const QUIET = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// A fake webcam (a test pattern) that needs no permission prompt, for the own-image camera test.
const CAMERA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    ...devices['Desktop Chrome'],
    viewport: { width: 1440, height: 900 },
    // The app's service worker would answer later requests from its cache, out of reach of
    // page.route and of the tests that check what is fetched; e2e/offline.spec.ts allows it.
    serviceWorkers: 'block',
  },
  projects: [
    {
      // WebGPU on (SwiftShader where there is no GPU): the app computes on the GPU.
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts/,
      use: {
        launchOptions: { executablePath, args: ['--enable-unsafe-webgpu', ...QUIET, ...CAMERA] },
      },
    },
    {
      // Chromium without the WebGPU flag: no adapter, so the app must fall back to the CPU.
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath, args: QUIET } },
    },
  ],
  webServer: {
    // The built app, as a static host would serve it.
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
