import 'knex/types/tables';

// Row types of every table, declared once so that knex's queries are typed.
// Booleans come back as 0/1 from SQLite and as true/false from PostgreSQL.
type Bool = boolean | number;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  active: Bool;
  must_change_password: Bool;
  language: string;
  created_at: string;
  updated_at: string;
}
export interface UserRoleRow {
  user_id: number;
  role: string;
}
export interface SessionRow {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}
export interface SettingRow {
  key: string;
  value: string;
}
export interface BodyRow {
  id: number;
  name: string;
  sort_order: number;
  active: Bool;
}
export interface DepartmentRow {
  id: number;
  name: string;
  sort_order: number;
  active: Bool;
}
export interface UserDepartmentRow {
  user_id: number;
  department_id: number;
  relation: 'member' | 'lead';
}
export interface FrameworkRow {
  id: number;
  key: string;
  name: string;
}
export interface PendingPostRow {
  id: number;
  token_hash: string;
  user_id: number;
  path: string;
  body: string;
  created_at: string;
}
export interface PendingImportRow {
  id: number;
  token_hash: string;
  user_id: number;
  file_name: string;
  content: string;
  created_at: string;
}
export interface DataGenerationRow {
  id: number;
  n: number;
}
export interface LoginFailureRow {
  id: number;
  username: string;
  address: string;
  at: string;
  /** Counted, its password not yet judged (migration 014). */
  pending: boolean;
}
export interface FrameworkVersionRow {
  id: number;
  framework_id: number;
  key: string;
  name: string;
  approved_by: string | null;
  approved_on: string | null;
  valid_from: string;
  valid_to: string | null;
  status: string;
  metadata: string;
  created_at: string;
  based_on_id: number | null;
  activated_at: string | null;
  activated_by: number | null;
  updated_at: string | null;
}
export interface DimensionRow {
  id: number;
  version_id: number;
  key: string;
  name: string;
  question: string | null;
  kind: 'scored' | 'linked';
  evaluation_questions: string;
  sort_order: number;
}
export interface PrincipleRow {
  id: number;
  version_id: number;
  dimension_id: number;
  key: string;
  title: string;
  description: string;
  guiding_questions: string;
  scope: string | null;
  sort_order: number;
}
export interface DecisionRow {
  id: number;
  title: string;
  case_number: string | null;
  body_id: number;
  department_id: number;
  meeting_date: string;
  description: string;
  confidential: Bool;
  author_id: number;
  created_at: string;
  updated_at: string;
  outcome: string | null;
  minutes_section: string | null;
  decided_at: string | null;
  decided_by: number | null;
  search_text: string | null;
  preparer: string | null;
  /** When an import created it; null for a decision made in the app (migration 015). */
  imported_at: string | null;
}
export interface AssessmentRow {
  id: number;
  decision_id: number;
  framework_version_id: number;
  is_proposal: Bool;
  label: string | null;
  status: string;
  version: number;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}
export interface AssessmentAnswerRow {
  assessment_id: number;
  principle_id: number;
  answer_kind: string | null;
  score: number | null;
  rationale: string | null;
  mitigation: string | null;
}
export interface AssessmentProjectRow {
  assessment_id: number;
  principle_id: number;
}
export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  details: string;
  outcome: string;
}
export interface SnapshotRow {
  id: number;
  assessment_id: number;
  version: number;
  event: string;
  user_id: number | null;
  at: string;
  content: string;
}
export interface ReviewRow {
  id: number;
  assessment_id: number;
  assessment_version: number;
  reviewer_id: number;
  outcome: 'approved' | 'returned';
  comment: string | null;
  created_at: string;
}
export interface EvaluationRoundRow {
  id: number;
  period_from: string;
  period_to: string;
  status: 'open' | 'sent' | 'presented';
  survey_open: boolean | number;
  summary: string | null;
  proposals: string | null;
  sent_on: string | null;
  board_comments: string | null;
  presented_on: string | null;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export interface RoundAnswerRow {
  round_id: number;
  question_key: string;
  text: string;
  version: number;
  updated_by: number | null;
  updated_at: string;
}
export interface SurveyResponseRow {
  id: number;
  round_id: number;
  user_id: number;
  status: 'draft' | 'sent';
  answers: string;
  updated_at: string;
  sent_at: string | null;
}
export interface ReviewCommentRow {
  review_id: number;
  principle_key: string;
  comment: string;
}

declare module 'knex/types/tables' {
  interface Tables {
    users: UserRow;
    user_roles: UserRoleRow;
    sessions: SessionRow;
    settings: SettingRow;
    bodies: BodyRow;
    departments: DepartmentRow;
    user_departments: UserDepartmentRow;
    frameworks: FrameworkRow;
    framework_versions: FrameworkVersionRow;
    dimensions: DimensionRow;
    principles: PrincipleRow;
    decisions: DecisionRow;
    assessments: AssessmentRow;
    assessment_answers: AssessmentAnswerRow;
    assessment_projects: AssessmentProjectRow;
    audit_log: AuditRow;
    assessment_snapshots: SnapshotRow;
    reviews: ReviewRow;
    review_comments: ReviewCommentRow;
    evaluation_rounds: EvaluationRoundRow;
    round_answers: RoundAnswerRow;
    survey_responses: SurveyResponseRow;
    login_failures: LoginFailureRow;
    pending_posts: PendingPostRow;
    pending_imports: PendingImportRow;
    data_generation: DataGenerationRow;
  }
}
