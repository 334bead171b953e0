/**
 * Area under the ROC curve of `scores` for telling `positive` cases from the rest: the probability
 * that a random positive scores higher than a random negative, ties counting half (Mann–Whitney).
 * NaN when either class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (positive[order[k]!]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Share of cases a yes/no call got right, per class and overall (for a lapse threshold). */
export function confusion(predicted: ArrayLike<boolean>, actual: ArrayLike<boolean>) {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i]) {
      if (actual[i]) tp++;
      else fp++;
    } else if (actual[i]) fn++;
    else tn++;
  }
  const total = Math.max(1, tp + fp + tn + fn);
  return {
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    accuracy: (tp + tn) / total,
    precision: tp + fp > 0 ? tp / (tp + fp) : Number.NaN,
    recall: tp + fn > 0 ? tp / (tp + fn) : Number.NaN,
    specificity: tn + fp > 0 ? tn / (tn + fp) : Number.NaN,
  };
}
