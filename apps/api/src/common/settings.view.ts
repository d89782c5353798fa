import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { EVALUATOR_TYPES, EvaluatorType, Rating, SHUFA_MODES, ShufaMode } from '@rol/domain';

/**
 * The settings a calendar sets and its cycles run by (libs/domain CalendarSettings, ShufaSettings,
 * QuietHours), as the API answers them: shared by the calendar and cycle views.
 */

/** Escalation: first this long after the due instant, then again every this long. */
export class EscalationView {
  @ApiProperty({ description: 'ISO-8601 duration after the due instant', example: 'P1D' }) after: string;
  @ApiProperty({ description: 'ISO-8601 duration between rounds', example: 'P1D' }) every: string;
}

/** Office hours (Asia/Shanghai wall-clock): notices outside them wait for the next working morning. */
export class QuietHoursView {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ example: '09:00' }) from: string;
  @ApiProperty({ example: '17:30' }) to: string;
}

/** A year planned in whose holidays are not known yet (the State Council's notice is not imported). */
export class HolidayWarningView {
  @ApiProperty({ enum: ['HOLIDAYS_UNKNOWN'] }) code: 'HOLIDAYS_UNKNOWN';
  @ApiProperty() year: number;
  @ApiProperty({ description: 'For people, in Chinese' }) message: string;
}

export class PanelMemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: EVALUATOR_TYPES }) type: EvaluatorType;
}

export class DimensionView {
  @ApiProperty({ description: 'Its name, also the key evaluators mark it under', example: '学法用法' }) name: string;
  @ApiProperty() weight: number;
}

/** Scores 0–100 per dimension. */
export class ScoresScaleView {
  @ApiProperty({ enum: ['scores'] }) kind: 'scores';
}

/** What each rating is worth (its coefficient × 100). */
export class RatingCoefficientsView {
  @ApiProperty() 好: number;
  @ApiProperty() 较好: number;
  @ApiProperty() 一般: number;
  @ApiProperty() 差: number;
}

/** Ratings 好/较好/一般/差 per dimension, each worth its coefficient × 100. */
export class RatingsScaleView {
  @ApiProperty({ enum: ['ratings'] }) kind: 'ratings';
  @ApiProperty({ type: () => RatingCoefficientsView }) coefficients: Record<Rating, number>;
}

/** The scale, one of `ScoresScaleView` or `RatingsScaleView` (by `kind`). */
export const SCALE_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(ScoresScaleView) }, { $ref: getSchemaPath(RatingsScaleView) }],
};

/** The lowest score of each grade but the last. */
export class GradeThresholdsView {
  @ApiProperty() 优秀: number;
  @ApiProperty() 良好: number;
  @ApiProperty() 一般: number;
}

/** A jurisdiction's 述法 rules, the defaults filled in. */
@ApiExtraModels(ScoresScaleView, RatingsScaleView)
export class ShufaSettingsView {
  @ApiProperty({ enum: SHUFA_MODES }) mode: ShufaMode;
  @ApiProperty({ type: () => PanelMemberView, isArray: true }) panel: PanelMemberView[];
  @ApiProperty({ type: () => DimensionView, isArray: true }) dimensions: DimensionView[];
  @ApiProperty({ ...SCALE_SCHEMA, description: 'Scores or ratings, by `kind`' }) scale:
    ScoresScaleView | RatingsScaleView;
  @ApiProperty({ description: 'The share of the panel that must have scored for a grade', example: 0.6667 })
  quorum: number;
  @ApiProperty({ type: () => GradeThresholdsView }) thresholds: GradeThresholdsView;
  @ApiProperty({ type: [String], description: 'Reminders before each rectification item’s due date (ISO-8601)' })
  rectificationReminders: string[];
}

/**
 * The request side of the settings: a calendar's 述法 rules and quiet hours as sent, every field
 * optional (left out: the default). Documentation only: the domain checks them, naming each field.
 */

/** Ratings, with the coefficients (each 0–1) or, left out, the defaults 1 / 0.8 / 0.6 / 0.4. */
export class RatingsScaleInput {
  @ApiProperty({ enum: ['ratings'] }) kind: 'ratings';
  @ApiPropertyOptional({ type: () => RatingCoefficientsView }) coefficients?: Record<Rating, number>;
}

@ApiExtraModels(ScoresScaleView, RatingsScaleInput)
export class ShufaSettingsInput {
  @ApiPropertyOptional({ enum: SHUFA_MODES }) mode?: ShufaMode;
  @ApiPropertyOptional({ type: () => PanelMemberView, isArray: true }) panel?: PanelMemberView[];
  @ApiPropertyOptional({ type: () => DimensionView, isArray: true }) dimensions?: DimensionView[];
  @ApiPropertyOptional({
    oneOf: [{ $ref: getSchemaPath(ScoresScaleView) }, { $ref: getSchemaPath(RatingsScaleInput) }],
    description: 'Scores or ratings, by `kind`',
  })
  scale?: ScoresScaleView | RatingsScaleInput;
  @ApiPropertyOptional({ description: 'Share of the panel that must score for a grade, in (0, 1]', example: 0.6667 })
  quorum?: number;
  @ApiPropertyOptional({ type: () => GradeThresholdsView }) thresholds?: GradeThresholdsView;
  @ApiPropertyOptional({ type: [String], example: ['P7D', 'P1D'] }) rectificationReminders?: string[];
}

export class QuietHoursInput {
  @ApiPropertyOptional() enabled?: boolean;
  @ApiPropertyOptional({ example: '09:00' }) from?: string;
  @ApiPropertyOptional({ example: '17:30' }) to?: string;
}
