import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import type { PutSafetyPlanRequest } from '@clinic/shared';
import { FREE_TEXT } from '../../common/validation/validators';

/** Entries per step and characters per entry or text field (a plan fits on one printed page). */
export const SAFETY_PLAN_MAX_ENTRIES = 20;
export const SAFETY_PLAN_MAX_CHARS = 500;

function listProperty(description: string): PropertyDecorator {
  const decorators = [
    ApiProperty({
      description,
      type: [String],
      maxItems: SAFETY_PLAN_MAX_ENTRIES,
      items: { type: 'string', maxLength: SAFETY_PLAN_MAX_CHARS },
    }),
    IsArray(),
    ArrayMaxSize(SAFETY_PLAN_MAX_ENTRIES),
    IsString({ each: true }),
    MaxLength(SAFETY_PLAN_MAX_CHARS, { each: true }),
    Matches(FREE_TEXT, { each: true, message: '$property must not contain control characters' }),
  ];
  return (target, key) => {
    for (const d of decorators) d(target, key);
  };
}

function textProperty(description: string): PropertyDecorator {
  const decorators = [
    ApiProperty({ description, maxLength: SAFETY_PLAN_MAX_CHARS }),
    IsString(),
    MaxLength(SAFETY_PLAN_MAX_CHARS),
    Matches(FREE_TEXT, { message: '$property must not contain control characters' }),
  ];
  return (target, key) => {
    for (const d of decorators) d(target, key);
  };
}

/**
 * `PUT /patients/:id/safety-plan`: the six Stanley-Brown steps (CLINICAL.md s10) and the reasons
 * for living. Every field is sent (an empty list or "" for a step not filled in). The limits apply
 * to what is sent; the service trims each string, drops blank list entries and refuses a plan with
 * nothing left in any field.
 */
export class PutSafetyPlanDto implements PutSafetyPlanRequest {
  @listProperty('Step 1: warning signs (thoughts, moods, situations)')
  warningSigns: string[];

  @listProperty('Step 2: internal coping strategies')
  copingStrategies: string[];

  @listProperty('Step 3: people and social settings that distract')
  socialDistractions: string[];

  @listProperty('Step 4: family or friends who can help')
  helpContacts: string[];

  @listProperty('Step 5: professionals and agencies to contact in a crisis (with the crisis line)')
  professionalContacts: string[];

  @textProperty('Step 6: making the environment safe (lethal means)')
  meansSafety: string;

  @textProperty('The most important reasons for living')
  reasonsForLiving: string;
}
