/** ResNet-20 in the lab against PyTorch: see tests/lesionParity.ts. */
import { beforeAll, describe } from 'vitest';
import { parityTests, setUp } from '../../../tests/lesionParity';

beforeAll(setUp, 60_000);

describe('resnet20, as PyTorch computes it', () => parityTests('resnet20'));
