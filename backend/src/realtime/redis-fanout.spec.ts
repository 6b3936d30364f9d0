import net from 'node:net';
import type { BoardEventDto } from '@clinic/shared';
import { reconnectDelay, RedisFanout } from './redis-fanout';

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const event: BoardEventDto = {
  type: 'observation',
  clinicId: '00000000-0000-4000-8000-00000000000a',
  sessionId: '00000000-0000-4000-8000-00000000000b',
  patientId: '00000000-0000-4000-8000-00000000000c',
  at: '2026-11-27T08:00:00.000Z',
};

describe('reconnectDelay', () => {
  it('backs off from 100 ms to at most 5 s and never gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 1000].map(reconnectDelay)).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });
});

describe('RedisFanout with Redis unreachable', () => {
  it('drops publishes at once, keeps retrying, and logs the outage once without the URL password or event content', async () => {
    const port = await closedPort();
    const logger = { log: jest.fn(), warn: jest.fn() };
    const delivered: BoardEventDto[] = [];
    const fanout = new RedisFanout(
      `redis://:not-for-logs@127.0.0.1:${port}`,
      'test:board-events',
      'instance-1',
      (e) => delivered.push(e),
      logger,
    );
    try {
      // 100 + 200 + 400 ms of back-off: several failed attempts.
      await sleep(1000);
      expect(fanout.status()).toBe('down');
      fanout.publish(event);
      fanout.publish(event);
      await sleep(50);
      expect(fanout.dropped).toBe(2);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      const line = String(logger.warn.mock.calls[0]![0]);
      expect(line).toContain(`redis://:***@127.0.0.1:${port}`);
      expect(line).toMatch(/unavailable \(ECONNREFUSED\)/);
      expect(line).not.toContain('not-for-logs');
      expect(line).not.toContain(event.patientId);
      expect(logger.log).not.toHaveBeenCalled();
      expect(delivered).toEqual([]);
    } finally {
      await fanout.close();
    }
  });

  it('closes at once while it is retrying', async () => {
    const port = await closedPort();
    const logger = { log: jest.fn(), warn: jest.fn() };
    const fanout = new RedisFanout(
      `redis://127.0.0.1:${port}`,
      'test:board-events',
      'instance-1',
      () => undefined,
      logger,
    );
    await sleep(300);
    await fanout.close();
    const warnings = logger.warn.mock.calls.length;
    await sleep(500);
    expect(logger.warn.mock.calls.length).toBe(warnings);
    expect(fanout.status()).toBe('down');
  });
});
