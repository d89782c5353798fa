import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { ApiDependencies } from './common/backing-services.module';
import { buildApiDocument, setApiPrefix } from './create-api-app';

/**
 * The OpenAPI document /api/docs-json serves, built without PostgreSQL, Temporal or SMTP: the app is
 * created in Nest's preview mode, which reads the modules' routes and decorators but instantiates no
 * provider, so the backing services are never asked for. The dependencies given are placeholders
 * holding only what module set-up reads (the log options).
 */
export async function buildApiDocumentWithoutServices(): Promise<OpenAPIObject> {
  const placeholders = { config: { logLevel: 'silent', logFormat: 'json' } } as unknown as ApiDependencies;
  const app = await NestFactory.create(AppModule.forRoot(placeholders), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    setApiPrefix(app);
    return buildApiDocument(app);
  } finally {
    await app.close();
  }
}
