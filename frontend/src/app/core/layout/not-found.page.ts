import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

import { AuthService } from '../auth/auth.service';
import { homeUrlFor } from '../auth/role-home';

/** A signed-in user followed a link to a page that does not exist (or not yet). */
@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  template: `
    <section class="panel not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>This page does not exist, or it is not available to your account.</p>
      <p><a class="button button--primary" [routerLink]="home()">Go to your start page</a></p>
    </section>
  `,
  styles: `
    .not-found {
      max-width: 40rem;
    }
    h1 {
      margin-top: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {
  private readonly auth = inject(AuthService);
  protected readonly home = computed(() => homeUrlFor(this.auth.role()));
}
