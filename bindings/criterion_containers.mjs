// Criterions made of criterions (issue 14), as Torch writes them:
//   const loss = nn.ParallelCriterion().add(nn.MSECriterion(), 0.5).add(nn.ClassNLLCriterion());
//   const both = nn.MultiCriterion().add(nn.MSECriterion()).add(nn.AbsCriterion(), 2);
//   const asModule = nn.CriterionTable(nn.MSECriterion());   // input {prediction, target}
// A criterion given to add() or to nn.CriterionTable belongs to what holds it, as a module given
// to container.add(): disposing the holder disposes it. The engine does the work
// (core/criterions/CriterionContainer.h, core/modules/CriterionTable.h).

export function installCriterionContainers({ M, nn, Criterion, rawOf, describe, kKind, wrapModule }) {
  const isCriterion = (c) => !!c && c[kKind] === 'Criterion';

  Object.defineProperty(Criterion.prototype, 'add', {
    value(criterion, weight = 1) {
      const raw = rawOf(this, 'Criterion');
      if (!M.criterionIsContainer(raw))
        throw new TypeError(`${this}.add(criterion, weight): add exists on nn.ParallelCriterion and nn.MultiCriterion only`);
      if (!isCriterion(criterion)) throw new TypeError(`${this}.add(criterion, weight): expected a criterion, got ${describe(criterion)}`);
      if (typeof weight !== 'number') throw new TypeError(`${this}.add(criterion, weight): weight must be a number, got ${describe(weight)}`);
      M.criterionAdd(raw, rawOf(criterion, 'Criterion'), weight);
      (this._owned ??= []).push(criterion);
      return this;
    },
    writable: true, configurable: true,
  });
  // The criterions a holder owns go with it.
  const dispose = Criterion.prototype.dispose;
  Object.defineProperty(Criterion.prototype, 'dispose', {
    value() {
      const owned = this?._owned;
      dispose.call(this);
      if (owned) for (const c of owned) c.dispose();
      if (this) this._owned = null;
    },
    writable: true, configurable: true,
  });

  const CriterionTable = (criterion, ...rest) => {
    if (!isCriterion(criterion) || rest.length)
      throw new TypeError(`nn.CriterionTable(criterion): expected one criterion, e.g. nn.CriterionTable(nn.MSECriterion()), got ${[criterion, ...rest].map(describe).join(', ')}`);
    return wrapModule(M.criterionTableNew(rawOf(criterion, 'Criterion')), [criterion]);
  };
  Object.defineProperty(CriterionTable, 'name', { value: 'CriterionTable' });
  nn.CriterionTable = CriterionTable;
}
