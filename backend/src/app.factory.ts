import fs from 'node:fs';
import path from 'node:path';
import { type INestApplication, type LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { withResponseSchemas } from './openapi/response-schemas';
import helmet from 'helmet';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { jsonBodyGuard } from './common/http/json-body-guard';
import type { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { ENTITIES } from './features';
import { withStartupLock } from './database/startup-lock';

export const API_PREFIX = 'api/v1';

/** Opens the database and brings its schema up to date. Errors propagate to the caller. */
export async function openDatabase(config: AppConfig): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(config.database, ENTITIES));
  await dataSource.initialize();
  try {
    await withStartupLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** Builds the HTTP application (used by main.ts and by the API tests, so both run the same stack). */
export async function createApp(
  config: AppConfig,
  dataSource: DataSource,
  logLevels?: LogLevel[],
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config, dataSource),
    {
      logger: logLevels ?? (config.nodeEnv === 'test' ? ['error'] : ['error', 'warn']),
      bodyParser: false,
    },
  );
  if (config.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(express.json({ limit: '100kb', strict: true }));
  app.use(bodyParserErrors);
  app.use(`/${API_PREFIX}`, (_req: Request, res: Response, next: NextFunction) => {
    // Patient data must not sit in browser or proxy caches.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(`/${API_PREFIX}`, jsonBodyGuard);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );

  const document = withResponseSchemas(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Ketamine clinic treatment tracking API')
        .setDescription(
          'Supervised ketamine and esketamine sessions, monitoring, PHQ-9 response, signals. Contract: API.md.',
        )
        .setVersion('1')
        .setOpenAPIVersion('3.1.0')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  serveDashboard(app, config.staticDir);
  await app.init();
  return app;
}

/**
 * Security headers (helmet) with a Content-Security-Policy the dashboard runs under: scripts and
 * connections to this origin only; inline styles allowed (Angular's component styles are <style>
 * elements); images from here, data: (the QR code) and blob:. The API documentation page gets its
 * own policy, as Swagger UI needs inline script.
 */
function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
  const app = helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, scriptSrc: ["'self'", "'unsafe-inline'"] },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  return (req, res, next) => {
    (req.path.startsWith('/api/docs') ? docs : app)(req, res, next);
  };
}

/** Malformed or oversized JSON: a 400/413 in the API's error shape, without echoing the body. */
function bodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = error as { type?: string; status?: number } | null;
  if (!e || typeof e.status !== 'number') return next(error);
  const status = e.status;
  const message =
    e.type === 'entity.parse.failed'
      ? 'The request body is not valid JSON'
      : e.type === 'entity.too.large'
        ? 'The request body is too large'
        : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
          ? 'The request body must be UTF-8 JSON'
          : 'The request body could not be read';
  const error_ =
    status === 413
      ? 'Payload Too Large'
      : status === 415
        ? 'Unsupported Media Type'
        : 'Bad Request';
  // answered before the API's own headers are set: an error is no more cacheable than the rest
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).json({ statusCode: status, error: error_, message });
}

/** The built Angular app at `/`, with index.html for client-side routes. */
function serveDashboard(app: NestExpressApplication, dir: string): void {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return;
  app.use(
    express.static(dir, {
      index: false,
      setHeaders: (res, file) => {
        // Hashed bundles never change; index.html must always be revalidated.
        res.setHeader(
          'Cache-Control',
          /-[A-Z0-9]{8,}\.(js|css)$/i.test(file)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
