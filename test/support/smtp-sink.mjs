// A real SMTP server (npm smtp-server) run as a child process on a loopback port.
// Prints "listening <port>", then one JSON line per message received: {"raw": base64}.
// Lines on stdin change its behaviour: "refuse" answers 451 to every message,
// "accept" takes them again, "delay <ms>" waits before accepting each one.
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { setTimeout } from 'node:timers';
import { SMTPServer } from 'smtp-server';

let mode = 'accept';
let delayMs = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      setTimeout(() => {
        if (mode === 'refuse') {
          const error = new Error('Mailbox busy, try later');
          error.responseCode = 451;
          callback(error);
          return;
        }
        process.stdout.write(`${JSON.stringify({ raw: Buffer.concat(chunks).toString('base64') })}\n`);
        callback();
      }, delayMs);
    });
  },
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'refuse' || command === 'accept') mode = command;
  if (command === 'delay') delayMs = Number(arg) || 0;
  process.stdout.write(`${JSON.stringify({ ack: line.trim() })}\n`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.server.address().port}\n`);
});
