import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { withScope } from '@nastavnik/db';
import { createInProcessQueue, createRedisQueue, startRedisWorker } from '@nastavnik/jobs';
import { createHandlers } from '../handlers.ts';

/*
 * The mail job end to end: an outbox row → the job (in-process, and through BullMQ on the
 * real Redis under its own key prefix) → a real SMTP server started here.
 */
interface Received {
  from: string;
  to: string[];
  data: string;
}

let db: TestDatabase;
let smtp: SMTPServer;
let port: number;
const received: Received[] = [];
let regionId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
  const region = await db.owner
    .insertInto('regions')
    .values({ name: 'Тестовая область', code: 'mail' })
    .returning('id')
    .executeTakeFirstOrThrow();
  regionId = region.id;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await db.drop();
});

async function queueLetter(to: string): Promise<string> {
  const row = await db.owner
    .insertInto('mail_outbox')
    .values({
      region_id: regionId,
      to_address: to,
      subject: 'Приглашение в систему «Наставник»',
      body_text: 'Здравствуйте! Ссылка: http://x/link/abc',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const statusOf = (id: string) =>
  db.owner
    .selectFrom('mail_outbox')
    .select(['status', 'attempts', 'error', 'sent_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const smtpSettings = () => ({
  smtp: { host: '127.0.0.1', port, secure: false, user: undefined, password: undefined },
  from: 'Наставник <no-reply@test.local>',
});

describe('mail.send job', () => {
  it('delivers through SMTP in-process, marks the row sent, and does not send twice', async () => {
    const handlers = createHandlers({ db: db.app, mail: smtpSettings() });
    const queue = createInProcessQueue(handlers);
    const id = await queueLetter('kurator@school.test');
    await queue.enqueue('mail.send', { mailId: id, regionId });
    await queue.enqueue('mail.send', { mailId: id, regionId }); // deduplicated by job id
    await queue.drain();
    const row = await statusOf(id);
    expect(row.status).toBe('sent');
    expect(row.sent_at).not.toBeNull();
    const letters = received.filter((r) => r.to.includes('kurator@school.test'));
    expect(letters).toHaveLength(1);
    expect(letters[0]!.data).toMatch(/Subject: =\?UTF-8\?/i); // Russian subject, MIME-encoded
    // Running the handler again (a retry after a crash) is a no-op.
    await handlers['mail.send']({ mailId: id, regionId });
    expect(received.filter((r) => r.to.includes('kurator@school.test'))).toHaveLength(1);
    await queue.close();
  });

  it('keeps the letter for the admin when SMTP is not configured', async () => {
    const queue = createInProcessQueue(createHandlers({ db: db.app, mail: { from: 'x@test.local' } }));
    const id = await queueLetter('nosmtp@school.test');
    await queue.enqueue('mail.send', { mailId: id, regionId });
    await queue.drain();
    expect((await statusOf(id)).status).toBe('kept');
    expect(received.some((r) => r.to.includes('nosmtp@school.test'))).toBe(false);
  });

  it('records the failure and retries when the SMTP server is unreachable', async () => {
    const errors: unknown[] = [];
    const handlers = createHandlers({
      db: db.app,
      mail: { smtp: { host: '127.0.0.1', port: 1, secure: false }, from: 'x@test.local' },
    });
    const id = await queueLetter('down@school.test');
    await expect(handlers['mail.send']({ mailId: id, regionId })).rejects.toThrow();
    errors.push(1);
    const row = await statusOf(id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('goes through BullMQ on the real Redis with its own key prefix', async () => {
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `nastavnik-test-${randomBytes(4).toString('hex')}`;
    const handlers = createHandlers({ db: db.app, mail: smtpSettings() });
    const producer = createRedisQueue(redisUrl, prefix);
    const worker = startRedisWorker(redisUrl, prefix, handlers);
    try {
      const id = await queueLetter('bullmq@school.test');
      await producer.enqueue('mail.send', { mailId: id, regionId });
      const deadline = Date.now() + 10_000;
      while ((await statusOf(id)).status !== 'sent' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect((await statusOf(id)).status).toBe('sent');
      expect(received.filter((r) => r.to.includes('bullmq@school.test'))).toHaveLength(1);
    } finally {
      await worker.close();
      await producer.close();
    }
  });

  it('cannot read another region’s letter (RLS applies to the worker too)', async () => {
    const other = await db.owner
      .insertInto('regions')
      .values({ name: 'Другая область', code: 'other-mail' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = await queueLetter('foreign@school.test');
    const queue = createInProcessQueue(createHandlers({ db: db.app, mail: smtpSettings() }));
    await queue.enqueue('mail.send', { mailId: id, regionId: other.id });
    await queue.drain();
    expect((await statusOf(id)).status).toBe('queued');
    const seen = await withScope(db.app, { regionId: other.id, role: 'system' }, (tx) =>
      tx.selectFrom('mail_outbox').selectAll().execute(),
    );
    expect(seen).toHaveLength(0);
  });
});
