import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ListResponse, Role, UserDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './http';

export interface CreateUserBody {
  email: string;
  name: string;
  role: Role;
  password: string;
  clinicIds: string[];
}

export interface UpdateUserBody {
  name?: string;
  role?: Role;
  clinicIds?: string[];
}

/**
 * `/api/v1/users` (administrators only, API.md "Accounts and administration (v2)"): accounts,
 * their clinics and role, and switching an account off (its sessions end at once).
 */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${API_BASE}/users`;

  list(limit: number, offset: number): Observable<ListResponse<UserDto>> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http.get<ListResponse<UserDto>>(this.base, { params });
  }

  create(body: CreateUserBody): Observable<UserDto> {
    return this.http.post<UserDto>(this.base, body);
  }

  /** 412 when `version` (the one the screen showed) is no longer the account's. */
  update(id: string, body: UpdateUserBody, version: number): Observable<UserDto> {
    return this.http.patch<UserDto>(`${this.base}/${encodeURIComponent(id)}`, body, {
      headers: ifMatchHeaders(version),
    });
  }

  /** Every session of the user ends at once; sign-in is refused until enabled again. */
  disable(id: string, reason: string): Observable<UserDto> {
    return this.http.post<UserDto>(`${this.base}/${encodeURIComponent(id)}/disable`, { reason });
  }

  enable(id: string, reason: string): Observable<UserDto> {
    return this.http.post<UserDto>(`${this.base}/${encodeURIComponent(id)}/enable`, { reason });
  }

  /** Signs the user out everywhere (every device, every instance); the account stays enabled. */
  revokeSessions(id: string): Observable<void> {
    return this.http.post<void>(`${this.base}/${encodeURIComponent(id)}/sessions/revoke`, {});
  }
}
