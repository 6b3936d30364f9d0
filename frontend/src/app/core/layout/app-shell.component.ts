import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { ROLE_LABELS } from '../../ui/labels';
import { AuthService } from '../auth/auth.service';
import { ClinicContext } from '../clinic/clinic-context.service';
import { IdleTimeoutService } from '../session/idle-timeout.service';
import { IdleWarningComponent } from '../session/idle-warning.component';
import { navigationFor } from './navigation';

/**
 * The signed-in frame: who is signed in, the clinic, the role's navigation, "Sign out", the idle
 * sign-out warning, and the page.
 */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, IdleWarningComponent],
  templateUrl: './app-shell.component.html',
  styleUrl: './app-shell.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly clinicContext = inject(ClinicContext);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected readonly user = this.auth.user;
  protected readonly roleLabel = computed(() => {
    const role = this.auth.role();
    return role ? ROLE_LABELS[role] : '';
  });
  protected readonly navigation = computed(() => navigationFor(this.auth.role()));
  protected readonly clinics = this.clinicContext.clinics;
  protected readonly clinicId = this.clinicContext.clinicId;
  protected readonly clinicName = computed(() => this.clinicContext.clinic()?.name ?? null);
  protected readonly canSwitchClinic = this.clinicContext.canSwitch;
  protected readonly signingOut = signal(false);

  constructor() {
    this.clinicContext.load();
    const stopIdleTimeout = inject(IdleTimeoutService).start();
    this.destroyRef.onDestroy(stopIdleTimeout);
  }

  protected selectClinic(clinicId: string): void {
    this.clinicContext.select(clinicId);
  }

  /** The skip link moves the focus without a navigation (a plain `#main` would reload the app). */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected signOut(): void {
    if (this.signingOut()) {
      return;
    }
    this.signingOut.set(true);
    this.auth
      .logout()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        complete: () => {
          void this.router.navigateByUrl('/sign-in');
        },
      });
  }
}
