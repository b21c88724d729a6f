// The 企业开办 submission both crash hosts send through the dispatcher: the n-th one, alternating
// the bundle's food question so that two shapes of checklist are stored.
export function startupSubmission(requestId: string, n: number) {
  const food = n % 2 === 0;
  return {
    requestId,
    subject: {
      kind: 'bundle' as const,
      bundleId: 'business-startup',
      answers: { food },
      items: food ? ['b0', 'b1', 'b2', 'q-food-0'] : ['b0', 'b1', 'b2', 'b3', 'b4', 'b5'],
    },
    founder: true,
    contact: { phone: `138${String(n % 1e8).padStart(8, '0')}`, name: null },
    privacyAccepted: true,
  };
}
