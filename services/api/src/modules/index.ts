import type { FastifyInstance } from 'fastify';
import authRoutes from './auth/auth.routes.ts';
import healthRoutes from './health/health.routes.ts';
import directoryRoutes from './directory/directory.routes.ts';
import usersRoutes from './users/users.routes.ts';
import mailRoutes from './mail/mail.routes.ts';
import importsRoutes from './imports/imports.routes.ts';
import personImportsRoutes from './imports/person-imports.routes.ts';
import catalogueRoutes from './catalogues/catalogues.routes.ts';
import questionnaireRoutes from './questionnaires/questionnaires.routes.ts';
import personsRoutes from './persons/persons.routes.ts';
import auditRoutes from './audit/audit.routes.ts';
import statisticsRoutes from './statistics/statistics.routes.ts';
import kpiRoutes from './kpi/kpi.routes.ts';

/** Every feature module, one line each: a new module registers itself here. */
export async function registerModules(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(directoryRoutes);
  await app.register(usersRoutes);
  await app.register(mailRoutes);
  await app.register(importsRoutes);
  await app.register(personImportsRoutes);
  await app.register(catalogueRoutes);
  await app.register(questionnaireRoutes);
  await app.register(personsRoutes);
  await app.register(auditRoutes);
  await app.register(statisticsRoutes);
  await app.register(kpiRoutes);
}
