import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** What an administrator sees in place of patient records (the sign-out button is in the header). */
@Component({
  selector: 'app-administrator-notice-page',
  imports: [RouterLink],
  template: `
    <section class="panel notice" aria-labelledby="administrator-notice-title">
      <h1 id="administrator-notice-title">Administrator account</h1>
      <p>
        Administrators manage clinics and users. They see no patient records, sessions or
        assessments.
      </p>
      <p>
        <a routerLink="/admin/users">Manage users</a>: create accounts, change clinics and roles,
        disable an account or sign someone out everywhere.
      </p>
      <p>To work with patients, sign out and sign in with a clinical account.</p>
    </section>
  `,
  styles: `
    .notice {
      max-width: 40rem;
    }
    h1 {
      margin-top: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdministratorNoticePage {}
