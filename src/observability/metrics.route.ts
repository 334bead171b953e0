import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { JorenMetrics } from './metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * GET /metrics for Prometheus, behind `Authorization: Bearer <METRICS_TOKEN>`. Mounted only when
 * METRICS_TOKEN is set (otherwise the route does not exist: 404), so a fresh install exposes nothing.
 */
export function metricsRouter(deps: { token: string; metrics: JorenMetrics }): Router {
  const expected = digest(`Bearer ${deps.token}`);
  const router = express.Router();
  router.get('/metrics', async (req, res) => {
    // Compared as digests in constant time, so the answer's timing says nothing about the token.
    const given = digest(req.get('authorization') ?? '');
    if (!timingSafeEqual(given, expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'UNAUTHORIZED' });
      return;
    }
    const { contentType, body } = await deps.metrics.text();
    res.status(200).set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}
