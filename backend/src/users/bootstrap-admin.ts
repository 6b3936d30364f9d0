import type { DataSource } from 'typeorm';
import { hashPassword } from '../common/auth/password';
import type { AppConfig } from '../config/config';
import { newId } from '../common/ids';
import { User } from './user.entity';

/** Creates ADMIN_EMAIL / ADMIN_PASSWORD as administrator when no administrator exists (API.md). */
export async function bootstrapAdmin(dataSource: DataSource, config: AppConfig): Promise<boolean> {
  if (!config.adminEmail || !config.adminPassword) return false;
  const email = config.adminEmail.toLowerCase();
  const passwordHash = await hashPassword(config.adminPassword);
  return dataSource.transaction(async (em) => {
    if (await em.exists(User, { where: { role: 'admin' } })) return false;
    if (await em.exists(User, { where: { email } })) return false;
    await em.insert(User, {
      id: newId(),
      email,
      name: 'Administrator',
      role: 'admin',
      passwordHash,
      active: true,
      disabledAt: null,
      version: 1,
      createdAt: new Date(),
    });
    return true;
  });
}
