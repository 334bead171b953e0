import express from 'express';

/** The baseline for bench:webhook: an express app whose webhook route only answers 200. */
const app = express();
app.post('/webhooks/line', (_req, res) => {
  res.status(200).json({});
});
app.get('/healthz', (_req, res) => {
  res.status(200).json({ status: 'ok' });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
