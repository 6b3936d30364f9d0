import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  type OnInit,
} from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import type { SelfReportInfoDto } from '@clinic/shared';

import { SelfReportApi } from '../../api/self-report.api';
import { formatDateTime } from '../../ui/format';
import {
  PHQ9_ANSWERS,
  PHQ9_ITEM10_ANSWERS,
  PHQ9_ITEM10_QUESTION,
  PHQ9_QUESTIONS,
  PHQ9_STEMS,
} from '../../ui/phq9-wording';

type Step = 'loading' | 'gone' | 'not-open' | 'error' | 'form' | 'review' | 'sending' | 'done';

/**
 * The patient's follow-up questionnaire at /r/<token>: a small mobile-first page, separate from
 * the clinicians' dashboard (lazy, no shell). One scrolling form, then a review step, then a
 * thank-you that shows the clinic's crisis text when item 9 is positive.
 */
@Component({
  selector: 'app-self-report-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './self-report.page.html',
  styleUrl: './self-report.page.css',
})
export class SelfReportPage implements OnInit {
  private readonly api = inject(SelfReportApi);

  /** The link's token, from /r/<token>. */
  private readonly token = inject(ActivatedRoute).snapshot.paramMap.get('token') ?? '';

  readonly questions = PHQ9_QUESTIONS;
  readonly answers = PHQ9_ANSWERS;
  readonly item10Question = PHQ9_ITEM10_QUESTION;
  readonly item10Answers = PHQ9_ITEM10_ANSWERS;
  readonly stem = PHQ9_STEMS['24_hours'];

  readonly step = signal<Step>('loading');
  readonly info = signal<SelfReportInfoDto | null>(null);
  readonly items = signal<(number | null)[]>(Array.from({ length: 9 }, () => null));
  readonly item10 = signal<number | null>(null);
  readonly showMissing = signal(false);
  readonly crisisText = signal<string | null>(null);
  readonly sendError = signal<string | null>(null);

  readonly missing = computed(() => this.items().flatMap((v, i) => (v === null ? [i + 1] : [])));

  ngOnInit(): void {
    this.api.describe(this.token).subscribe({
      next: (info) => {
        this.info.set(info);
        this.step.set(info.open ? 'form' : 'not-open');
      },
      error: (error: unknown) =>
        this.step.set(
          error instanceof HttpErrorResponse && error.status === 410 ? 'gone' : 'error',
        ),
    });
  }

  answer(index: number, value: number): void {
    this.items.update((items) => items.map((v, i) => (i === index ? value : v)));
  }

  review(): void {
    if (this.missing().length > 0) {
      this.showMissing.set(true);
      document.getElementById(`q${this.missing()[0]}`)?.focus();
      return;
    }
    this.step.set('review');
    queueMicrotask(() => document.getElementById('review-title')?.focus());
  }

  edit(): void {
    this.step.set('form');
    queueMicrotask(() => document.getElementById('form-title')?.focus());
  }

  submit(): void {
    this.step.set('sending');
    this.sendError.set(null);
    this.api.submit(this.token, { items: this.items(), item10: this.item10() }).subscribe({
      next: (result) => {
        this.crisisText.set(result.crisis.show ? result.crisis.text : null);
        this.step.set('done');
        queueMicrotask(() => document.getElementById('done-title')?.focus());
      },
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 410) {
          this.step.set('gone');
          return;
        }
        this.step.set('review');
        this.sendError.set('Your answers could not be sent. Check your connection and try again.');
      },
    });
  }

  /** When a not-yet-open questionnaire opens, in the patient's own time zone. */
  readonly opensAtText = computed(() => {
    const opensAt = this.info()?.opensAt;
    return opensAt ? formatDateTime(opensAt) : '';
  });

  answerLabel(index: number): string {
    const value = this.items()[index];
    return value === null || value === undefined ? 'Not answered' : (this.answers[value] ?? '');
  }
}
