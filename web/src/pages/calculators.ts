import type { CalculatorDescriptionDto } from '../../../src/knowledge/calculators/dto/calculator-description.dto';
import type { CalculatorResultDto } from '../../../src/knowledge/calculators/dto/calculator-result.dto';
import { api, ApiError } from '../api/http';
import { el } from '../ui/dom';

/**
 * One form per calculator, built from `GET /api/knowledge/calculators` (inputs, units, bounds), so
 * a calculator added to the service appears here without a change to the page. The service
 * validates; the page shows its field errors next to the inputs they name.
 */
export function renderCalculators(main: HTMLElement): () => void {
  const list = el('div', { class: 'grid', 'data-testid': 'calculators' });
  main.append(list);
  void api<CalculatorDescriptionDto[]>('GET', '/api/knowledge/calculators').then((calculators) =>
    list.replaceChildren(...calculators.map(calculatorForm)),
  );
  return () => undefined;
}

function calculatorForm(calculator: CalculatorDescriptionDto): HTMLElement {
  const fields = calculator.inputs.map((input) => {
    const control = el('input', {
      name: input.name,
      type: 'number',
      step: 'any',
      min: String(input.exclusiveMinimum),
      max: String(input.maximum),
      ...(input.default === undefined ? {} : { placeholder: String(input.default) }),
    });
    const error = el('span', { class: 'error', 'data-error-for': input.name });
    return {
      input,
      control,
      error,
      row: el('label', {}, `${input.description} (${input.unit}) `, control, error),
    };
  });
  const output = el('output', {
    'data-testid': `result-${calculator.name}`,
    'aria-live': 'polite',
  });
  const formError = el('p', { role: 'alert', class: 'error' });
  const hint = calculator.exactlyTwoOf
    ? el('p', {}, `Give exactly two of: ${calculator.exactlyTwoOf.join(', ')}.`)
    : el('p', {}, calculator.description);
  const form = el(
    'form',
    { 'data-testid': `calculator-${calculator.name}`, class: 'panel calculator' },
    el('h2', {}, calculator.title),
    hint,
    ...fields.map((f) => f.row),
    el('button', { type: 'submit' }, 'Compute'),
    formError,
    output,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    fields.forEach((f) => (f.error.textContent = ''));
    formError.textContent = '';
    const body = Object.fromEntries(
      fields
        .filter((f) => f.control.value !== '')
        .map((f) => [f.input.name, Number(f.control.value)]),
    );
    api<CalculatorResultDto>('POST', `/api/knowledge/calculators/${calculator.name}`, body).then(
      (answer) =>
        output.replaceChildren(
          el(
            'dl',
            {},
            ...Object.entries(answer.result).map(([name, value]) =>
              el(
                'div',
                {},
                el('dt', {}, name),
                el('dd', {}, `${formatValue(value)} ${answer.units[name] ?? ''}`),
              ),
            ),
          ),
        ),
      (failure: unknown) => {
        output.replaceChildren();
        if (!(failure instanceof ApiError))
          return void (formError.textContent = 'Cannot reach the service');
        formError.textContent = failure.message;
        for (const detail of failure.body.details ?? []) {
          const field = fields.find((f) => f.input.name === detail.field);
          if (field) field.error.textContent = detail.messages.join('; ');
        }
      },
    );
  });
  return form;
}

function formatValue(value: number | string | null): string {
  if (typeof value !== 'number') return value ?? '–';
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}
