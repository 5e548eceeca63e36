/* lrvec.h: the multinomial logistic loss of a chunk of rows, four doubles
 * at a time. Not a normal header: linear.c includes it twice, like
 * tilegemm.h (KERN, KATTR; vec.h's types; after vmath.h). */

/* The softmax of rows rows of R > 1 scores (row stride Rp, a multiple of
 * 4; the padding ignored), the row maximum subtracted first; returns the
 * sum over the rows of logsumexp(z) - z_y (the cross-entropy, added in row
 * order), and Z becomes P - Y (0 in the padding). ls (2 rows doubles) is
 * scratch: the rows' sums of exponentials, whose logarithms are taken four
 * at a time, and their z_y - max. */
KATTR static double
KERN(lr_softmax)(double *Z, size_t rows, size_t Rp, size_t R, const int *y, double *ls)
{
	const v4i lane = { 0, 1, 2, 3 };
	size_t i, v, k;
	double f = 0;

	for (i = 0; i < rows; i++) {
		double *z = Z + i * Rp, mx = z[0], s;
		v4d acc = V4(0.0);

		for (k = 1; k < R; k++)
			mx = z[k] > mx ? z[k] : mx;
		ls[rows + i] = z[y[i]] - mx;
		for (v = 0; v < Rp; v += 4) {
			v4i in = lane < V4I((int64_t)R - (int64_t)v);
			v4d e;

			*(v4u *)(z + v) = *(const v4u *)(z + v) - V4(mx);
			KERN(exp4)(z + v);
			e = (v4d)((v4i) * (const v4u *)(z + v) & in);
			*(v4u *)(z + v) = e;
			acc += e;
		}
		s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
		ls[i] = s;
		s = 1 / s;      /* a product per class instead of a division */
		for (v = 0; v < Rp; v += 4)
			*(v4u *)(z + v) = *(const v4u *)(z + v) * V4(s);
		z[y[i]] -= 1;
	}
	for (i = 0; i + 4 <= rows; i += 4)
		KERN(log4)(ls + i);
	if (i < rows) {
		double pad[4] = { 1, 1, 1, 1 };

		memcpy(pad, ls + i, (rows - i) * sizeof *pad);
		KERN(log4)(pad);
		memcpy(ls + i, pad, (rows - i) * sizeof *pad);
	}
	for (i = 0; i < rows; i++)
		f += ls[i] - ls[rows + i];
	return f;
}
