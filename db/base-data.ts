import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { z } from 'zod';
import { frameworkFileSchema } from '../app/domain/framework';
import { importFramework } from '../app/models/framework.server';
import { setSetting } from '../app/models/organisation.server';

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

const organisationSchema = z.object({
  municipality: z.string().min(1),
  bodies: z.array(z.string().min(1)),
  departments: z.array(z.string().min(1)),
  strategies: z.array(z.string().min(1)),
});

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8'));
}

/** Migrates and loads the base data; safe to run again: nothing is duplicated or overwritten. */
export async function setupDatabase(db: Knex) {
  await db.migrate.latest();
  const organisation = organisationSchema.parse(readJson('organisation.json'));
  const hasName = await db('settings').where({ key: 'municipality_name' }).first();
  if (!hasName) await setSetting('municipality_name', organisation.municipality, db);
  for (const [index, name] of organisation.bodies.entries()) {
    await db('bodies')
      .insert({ name, sort_order: index + 1, active: true })
      .onConflict('name')
      .ignore();
  }
  for (const [index, name] of organisation.departments.entries()) {
    await db('departments')
      .insert({ name, sort_order: index + 1, active: true })
      .onConflict('name')
      .ignore();
  }
  for (const file of organisation.strategies) {
    await importFramework(frameworkFileSchema.parse(readJson(file)), db);
  }
}
