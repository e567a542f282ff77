import type { ChecklistFormValues } from '~/domain/checklist';
import { fieldName } from '~/domain/checklist';
import { LIMITS } from '~/domain/limits';
import { ANSWER_VALUES, answerSign } from '~/domain/scale';
import type { FrameworkVersion } from '~/domain/framework';
import type { FieldErrors } from '~/domain/validation';
import { ReviewComment } from '~/components/answer-detail';
import { TextArea, useErrorText } from '~/components/forms';
import { useT } from '~/utils/i18n';

interface Props {
  framework: Pick<FrameworkVersion, 'dimensions'>;
  values: ChecklistFormValues;
  errors: FieldErrors;
  /** The reviewer's comments per principle key, shown beside the answer after a return. */
  principleComments?: Record<string, string>;
}

/**
 * The checklist's questions: every scored principle with its text, guiding questions, the scale,
 * the rationale and the mitigation, then the strategy projects. The checklist page wraps it in its
 * form; the admin's preview of a framework version shows the same fields as an official will see them.
 */
export function ChecklistFields({ framework, values, errors, principleComments }: Props) {
  const t = useT();
  const errorText = useErrorText();
  const scoredDimensions = framework.dimensions.filter((d) => d.kind === 'scored');
  const linked = framework.dimensions.filter((d) => d.kind === 'linked').flatMap((d) => d.principles);
  // An unknown project is reported at its index (projects.1); it is shown for the group.
  const projectsError = Object.entries(errors).find(([name]) => name === 'projects' || name.startsWith('projects.'))?.[1];
  return (
    <>
      {scoredDimensions.map((dimension) => (
        <section key={dimension.key} className="dimension" aria-labelledby={`dim-${dimension.key}`}>
          <h2 id={`dim-${dimension.key}`}>{dimension.name}</h2>
          {dimension.question ? <p className="dimension__question">{dimension.question}</p> : null}
          {dimension.principles.map((p) => {
            const v = values.answers[p.key] ?? { answer: '', rationale: '', mitigation: '' };
            const answerName = fieldName.answer(p.key);
            const answerError = errors[answerName];
            return (
              <article key={p.key} className={`principle${answerError ? ' principle--error' : ''}`} aria-labelledby={`p-${p.key}`}>
                <h3 id={`p-${p.key}`}>{p.title}</h3>
                <p>
                  <strong>{t('checklist.whatIsIt')}:</strong> {p.description}
                </p>
                {p.guidingQuestions.length > 0 ? (
                  <div className="principle__questions">
                    <p className="principle__questions-title">{t('checklist.questions')}:</p>
                    <ul>
                      {p.guidingQuestions.map((q) => (
                        <li key={q}>{q}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <p className="principle__guide">
                  <a href={`/guide/principles/${encodeURIComponent(p.key)}`} target="_blank" rel="noopener noreferrer">
                    {t('checklist.guideLink', { title: p.title })}
                    <span className="visually-hidden"> {t('checklist.opensInNewTab')}</span>
                  </a>
                </p>
                <ReviewComment text={principleComments?.[p.key]} />
                <fieldset className="scale" aria-describedby={answerError ? `${answerName}-error` : undefined}>
                  <legend>{t('checklist.impactLegend', { title: p.title })}</legend>
                  {answerError ? (
                    <p id={`${answerName}-error`} className="field__error">
                      {errorText(answerError)}
                    </p>
                  ) : null}
                  <div className="scale__options">
                    {ANSWER_VALUES.map((value) => (
                      <div key={value} className={`scale__option scale__option--${value}`}>
                        <input type="radio" id={`${answerName}-${value}`} name={answerName} value={value} defaultChecked={v.answer === value} />
                        <label htmlFor={`${answerName}-${value}`}>
                          {answerSign(value) ? <span className="scale__sign">{answerSign(value)}</span> : null}
                          {t(`answers.${value}`)}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
                <TextArea
                  id={fieldName.rationale(p.key)}
                  name={fieldName.rationale(p.key)}
                  label={t('checklist.rationale')}
                  hint={t('checklist.rationaleHint')}
                  rows={3}
                  maxLength={LIMITS.rationale}
                  defaultValue={v.rationale}
                  error={errors[fieldName.rationale(p.key)]}
                />
                <TextArea
                  id={fieldName.mitigation(p.key)}
                  name={fieldName.mitigation(p.key)}
                  label={t('checklist.mitigation')}
                  hint={t('checklist.mitigationHint')}
                  rows={2}
                  maxLength={LIMITS.mitigation}
                  defaultValue={v.mitigation}
                  error={errors[fieldName.mitigation(p.key)]}
                />
              </article>
            );
          })}
        </section>
      ))}
      {linked.length > 0 ? (
        <fieldset className="projects">
          <legend>
            <span className="h2-like">{t('checklist.projectsTitle')}</span>
          </legend>
          <p>{t('checklist.projectsIntro')}</p>
          {projectsError ? <p className="field__error">{errorText(projectsError)}</p> : null}
          {linked.map((p) => (
            <div key={p.key} className="field field--checkbox">
              <input
                type="checkbox"
                id={`project-${p.key}`}
                name="projects"
                value={p.key}
                defaultChecked={values.projects.includes(p.key)}
                aria-describedby={`project-${p.key}-hint`}
              />
              <label htmlFor={`project-${p.key}`}>{p.title}</label>
              <p id={`project-${p.key}-hint`} className="field__hint">
                {p.description}
              </p>
            </div>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}
