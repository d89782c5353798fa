import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@rol/config';
import { AppModule } from '../apps/api/src/app.module';
import type { ApiDependencies } from '../apps/api/src/common/backing-services.module';
import { configureApp } from '../apps/api/src/create-api-app';

/**
 * Writes the API's OpenAPI document (the one GET /api/docs-json serves) to the file named by the first
 * argument, without PostgreSQL or Temporal: Nest's preview mode builds the routes without creating a
 * provider, so the backing services are never touched. The web console's typed client is generated
 * from this file (npm run build:web).
 */
export async function openApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    LOG_LEVEL: 'silent',
    API_DOCS: 'public',
  });
  const deps = { config } as ApiDependencies;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    preview: true,
    logger: false,
    bodyParser: false,
  });
  // Preview mode cannot listen: the document is taken where configureApp hands it to Swagger UI.
  const setup = SwaggerModule.setup.bind(SwaggerModule);
  let document: OpenAPIObject | null = null;
  SwaggerModule.setup = (_path, _app, doc) => {
    document = typeof doc === 'function' ? doc() : doc;
  };
  try {
    configureApp(app, config);
  } finally {
    SwaggerModule.setup = setup;
  }
  await app.close();
  if (!document) throw new Error('configureApp built no OpenAPI document');
  return document;
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: node dist/scripts/openapi-web.js <output.json>');
  openApiDocument()
    .then((document) => writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
