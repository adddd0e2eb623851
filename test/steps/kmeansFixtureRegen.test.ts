import { it } from 'node:test';
import { checkRegenerates } from './fixtureRegen.ts';

it('scripts/make_classical_fixture.py regenerates test/fixtures/classical.json (KMeans, PCA, class weights)', (t) => {
  checkRegenerates(t, 'make_classical_fixture.py', 'classical.json');
});
