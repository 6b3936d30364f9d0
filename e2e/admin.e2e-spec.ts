import type { Browser } from 'playwright-core';
import { launch, openPage, screenshot, signIn } from './support/browser';

describe('the administrator switches an account off in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());

  it('creates a nurse, and disabling her ends her session at once and refuses her sign-in', async () => {
    const stamp = Date.now().toString(36);
    const email = `float.nurse.${stamp}@riverside.demo.clinic`;
    const password = `Float-nurse-${stamp}-tablet`;

    const admin = await openPage(browser);
    await signIn(admin.page, 'admin@demo.clinic');
    // An administrator starts on the accounts screen (no clinical data).
    await admin.page.waitForURL((url) => url.pathname === '/admin/users');
    await admin.page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await admin.page.getByTestId('users-table').locator('tbody tr').first().waitFor();
    await screenshot(admin.page, '60-admin-users');

    await admin.page.getByRole('button', { name: 'New user' }).click();
    // Refused before sending: nothing chosen yet.
    await admin.page.getByRole('button', { name: 'Create account' }).click();
    await admin.page.getByText('Choose a role.').waitFor();
    await admin.page.getByLabel('Name').fill(`Float Nurse ${stamp}`);
    await admin.page.getByLabel('Work email').fill(email);
    await admin.page.getByLabel('Role').selectOption('nurse');
    await admin.page.getByLabel('First password').fill(password);
    await admin.page.getByRole('checkbox', { name: 'Riverside Clinic' }).check();
    await screenshot(admin.page, '61-admin-new-user');
    await admin.page.getByRole('button', { name: 'Create account' }).click();
    await admin.page.getByTestId('users-done').getByText('Account created').waitFor();
    const row = admin.page.getByRole('row', { name: new RegExp(`Float Nurse ${stamp}`) });
    await row.getByText('Active').waitFor();

    // The new nurse works on her tablet.
    const nurse = await openPage(browser);
    await signIn(nurse.page, email, password);
    await nurse.page.waitForURL((url) => url.pathname === '/board');

    // She leaves: the administrator disables the account, with a reason.
    await row.getByRole('button', { name: `Disable Float Nurse ${stamp}` }).click();
    await admin.page.getByRole('button', { name: 'Disable account' }).click();
    await admin.page.getByText('Give a reason; it is kept in the audit log.').waitFor();
    await admin.page.getByLabel('Reason').fill('Agency contract ended');
    await screenshot(admin.page, '62-admin-disable-reason');
    await admin.page.getByRole('button', { name: 'Disable account' }).click();
    await admin.page.getByTestId('users-done').getByText('every session has ended').waitFor();
    await row.getByText('Disabled').waitFor();
    await screenshot(admin.page, '63-admin-user-disabled');

    // Her next step on the tablet asks her to sign in; her password no longer works.
    await nurse.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await nurse.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(nurse.page, email, password);
    await nurse.page.getByText('Email or password is incorrect').waitFor();

    // Enabled again (with a reason), she can sign in.
    await row.getByRole('button', { name: `Enable Float Nurse ${stamp}` }).click();
    await admin.page.getByLabel('Reason').fill('Contract renewed');
    await admin.page.getByRole('button', { name: 'Enable account' }).click();
    await row.getByText('Active').waitFor();
    await signIn(nurse.page, email, password);
    await nurse.page.waitForURL((url) => url.pathname === '/board');

    expect(admin.errors).toEqual([]);
    await admin.context.close();
    await nurse.context.close();
  });
});
