/** Digit-mask look-up tables for boards of up to 9 digits: bit d-1 stands for digit d. */
import { popcount } from '../board';

export const BIT_COUNT = Uint8Array.from({ length: 1 << 9 }, (_, mask) => popcount(mask));

/** For a single-bit mask, its digit (1-based); 0 otherwise. */
export const BIT_DIGIT = new Uint8Array(1 << 9);
for (let d = 1; d <= 9; d++) BIT_DIGIT[1 << (d - 1)] = d;
