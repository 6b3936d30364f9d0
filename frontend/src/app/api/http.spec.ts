import { HttpErrorResponse } from '@angular/common/http';

import { namedField, serverErrors } from './http';

function apiError(status: number, message: string | string[]): HttpErrorResponse {
  return new HttpErrorResponse({
    status,
    error: { statusCode: status, error: 'Bad Request', message },
  });
}

describe('serverErrors', () => {
  const labels = { mrn: 'MRN', birthDate: 'Birth date', 'items.8': 'Item 9', items: 'Items' };

  it('puts messages naming a field under that field, with its label', () => {
    const errors = serverErrors(
      apiError(400, [
        'mrn may hold letters, digits and . _ / - only',
        'birthDate must not be in the future',
        'property colour should not exist',
      ]),
      labels,
    );
    expect(errors).toEqual({
      status: 400,
      fields: {
        mrn: ['MRN may hold letters, digits and . _ / - only'],
        birthDate: ['Birth date must not be in the future'],
      },
      general: ['property colour should not exist'],
    });
  });

  it('matches an indexed field first, then the list', () => {
    expect(namedField('items.8 must be an integer from 0 to 3 or null', labels)).toEqual({
      key: 'items.8',
      text: 'Item 9 must be an integer from 0 to 3 or null',
    });
    expect(namedField('items.2 must be an integer from 0 to 3 or null', labels)?.key).toBe('items');
  });

  it('keeps a single-string message (422) as a general message', () => {
    expect(
      serverErrors(apiError(422, 'Session 3 is still in progress; discharge it first'), labels)
        .general,
    ).toEqual(['Session 3 is still in progress; discharge it first']);
  });

  it('says what happened when the server cannot be reached or fails', () => {
    expect(serverErrors(new HttpErrorResponse({ status: 0 }), labels).general[0]).toContain(
      'Cannot reach the server',
    );
    expect(serverErrors(apiError(500, 'boom'), labels).general).toEqual([
      'The server could not save this. Try again in a minute.',
    ]);
  });
});
