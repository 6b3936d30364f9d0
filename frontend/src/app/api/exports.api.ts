import { HttpClient, HttpParams } from '@angular/common/http';
import { DOCUMENT, Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';

import { API_BASE } from './api-base';
import type { OutcomesQuery } from './outcomes.api';

/**
 * Exports (API.md): fetched with the session token (kept in memory, so a plain link cannot carry
 * it), then handed to the browser as a file download. Nothing is stored.
 */
@Injectable({ providedIn: 'root' })
export class ExportsApi {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  /** Saves the outcomes CSV under the name the server gives it (clinic, period, filters); emits that name. */
  outcomesCsv(query: OutcomesQuery): Observable<string> {
    let params = new HttpParams().set('clinicId', query.clinicId);
    for (const key of ['from', 'to', 'drug', 'route', 'protocolId', 'kind'] as const) {
      const value = query[key];
      if (value) {
        params = params.set(key, value);
      }
    }
    return this.download(`${API_BASE}/outcomes.csv`, params, 'outcomes.csv');
  }

  recordsCsv(patientId: string): Observable<string> {
    const id = encodeURIComponent(patientId);
    return this.download(
      `${API_BASE}/patients/${id}/records.csv`,
      new HttpParams(),
      `patient-${patientId}-records.csv`,
    );
  }

  fhirBundle(patientId: string): Observable<string> {
    const id = encodeURIComponent(patientId);
    return this.download(
      `${API_BASE}/patients/${id}/fhir`,
      new HttpParams(),
      `patient-${patientId}-fhir.json`,
    );
  }

  /** Fetches the file and hands it to the browser under the server's name (else `fallback`). */
  private download(url: string, params: HttpParams, fallback: string): Observable<string> {
    return this.http.get(url, { params, responseType: 'blob', observe: 'response' }).pipe(
      map((response) => {
        const filename = attachmentName(response.headers.get('Content-Disposition')) ?? fallback;
        const blob = response.body ?? new Blob([]);
        const href = URL.createObjectURL(blob);
        const link = this.document.createElement('a');
        link.href = href;
        link.download = filename;
        link.hidden = true;
        this.document.body.appendChild(link);
        link.click();
        link.remove();
        URL.revokeObjectURL(href);
        return filename;
      }),
    );
  }
}

/** The file name of a `Content-Disposition: attachment; filename="..."` header, if it is a plain one. */
export function attachmentName(header: string | null): string | null {
  const match = header ? /filename="([A-Za-z0-9._-]{1,200})"/.exec(header) : null;
  return match ? match[1] : null;
}
