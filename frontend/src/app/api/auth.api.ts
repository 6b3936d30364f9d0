import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { LoginRequest, LoginResponse, UserDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** `/api/v1/auth`: sign in, sign out, current user. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(request: LoginRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(`${API_BASE}/auth/login`, request);
  }

  /** 204 No Content. */
  logout(): Observable<null> {
    return this.http.post<null>(`${API_BASE}/auth/logout`, null);
  }

  me(): Observable<UserDto> {
    return this.http.get<UserDto>(`${API_BASE}/auth/me`);
  }
}
