import { it } from 'node:test';
import { checkRegenerates } from './fixtureRegen.ts';

it('scripts/make_scalers_fixture.py regenerates test/fixtures/scalers.json (StandardScaler, MinMaxScaler)', (t) => {
  checkRegenerates(t, 'make_scalers_fixture.py', 'scalers.json');
});
