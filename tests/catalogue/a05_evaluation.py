"""Wrong answers for 05_evaluation."""

WRONG = {
    "confusion_matrix": {
        "rows and columns swapped (rows = predicted)": '''
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        matrix[p, t] += 1
    return matrix
''',
        "fancy-index += counts a repeated pair only once": '''
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    matrix[y_true, y_pred] += 1
    return matrix
''',
        "size from the largest label, not num_classes": '''
def confusion_matrix(y_true, y_pred, num_classes):
    k = int(max(np.max(y_true), np.max(y_pred))) + 1
    matrix = np.zeros((k, k), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        matrix[t, p] += 1
    return matrix
''',
        "float counts (np.zeros without an integer dtype)": '''
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = np.zeros((num_classes, num_classes))
    for t, p in zip(y_true, y_pred):
        matrix[t, p] += 1
    return matrix
''',
        "only counts the correct answers": '''
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        if t == p:
            matrix[t, t] += 1
    return matrix
''',
    },
    "per_class_scores": {
        "precision and recall use the wrong axes": '''
def per_class_scores(cm):
    cm = np.asarray(cm, dtype=float)
    tp = np.diag(cm)
    predicted, actual = cm.sum(axis=1), cm.sum(axis=0)
    def ratio(num, den):
        return np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    return ratio(tp, predicted), ratio(tp, actual), ratio(2 * tp, predicted + actual)
''',
        "F1 as the arithmetic mean of precision and recall": '''
def per_class_scores(cm):
    cm = np.asarray(cm, dtype=float)
    tp = np.diag(cm)
    predicted, actual = cm.sum(axis=0), cm.sum(axis=1)
    def ratio(num, den):
        return np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    p, r = ratio(tp, predicted), ratio(tp, actual)
    return p, r, (p + r) / 2
''',
        "no guard against dividing by zero": '''
def per_class_scores(cm):
    cm = np.asarray(cm, dtype=float)
    tp = np.diag(cm)
    p = tp / cm.sum(axis=0)
    r = tp / cm.sum(axis=1)
    return p, r, 2 * p * r / (p + r)
''',
        "precision divides by all examples": '''
def per_class_scores(cm):
    cm = np.asarray(cm, dtype=float)
    tp = np.diag(cm)
    actual = cm.sum(axis=1)
    def ratio(num, den):
        return np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    p = tp / cm.sum()
    r = ratio(tp, actual)
    return p, r, ratio(2 * p * r, p + r)
''',
    },
    "f1_averages": {
        "weights are the column sums (predicted counts)": '''
def f1_averages(cm):
    cm = np.asarray(cm, dtype=float)
    tp, predicted, support = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    f1 = np.divide(2 * tp, predicted + support, out=np.zeros_like(tp),
                   where=predicted + support > 0)
    return float(f1.mean()), float((predicted * f1).sum() / predicted.sum())
''',
        "F1 of the macro precision and macro recall": '''
def f1_averages(cm):
    cm = np.asarray(cm, dtype=float)
    tp, predicted, support = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    p = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    r = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    macro = 2 * p.mean() * r.mean() / (p.mean() + r.mean())
    f1 = np.divide(2 * tp, predicted + support, out=np.zeros_like(tp),
                   where=predicted + support > 0)
    return float(macro), float((support * f1).sum() / support.sum())
''',
        "weighted sum not divided by the total support": '''
def f1_averages(cm):
    cm = np.asarray(cm, dtype=float)
    tp, predicted, support = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    f1 = np.divide(2 * tp, predicted + support, out=np.zeros_like(tp),
                   where=predicted + support > 0)
    return float(f1.mean()), float((support * f1).sum())
''',
        "accuracy reported as the weighted F1": '''
def f1_averages(cm):
    cm = np.asarray(cm, dtype=float)
    tp, predicted, support = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    f1 = np.divide(2 * tp, predicted + support, out=np.zeros_like(tp),
                   where=predicted + support > 0)
    return float(f1.mean()), float(tp.sum() / cm.sum())
''',
        "macro average over the classes that occur only": '''
def f1_averages(cm):
    cm = np.asarray(cm, dtype=float)
    tp, predicted, support = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    f1 = np.divide(2 * tp, predicted + support, out=np.zeros_like(tp),
                   where=predicted + support > 0)
    return float(f1[support > 0].mean()), float((support * f1).sum() / support.sum())
''',
    },
    "precision_recall_at": {
        "strict > instead of >=": '''
def precision_recall_at(y_true, scores, threshold):
    predicted = np.asarray(scores) > threshold
    tp = np.sum(predicted & (y_true == 1))
    fp = np.sum(predicted & (y_true == 0))
    fn = np.sum(~predicted & (y_true == 1))
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return float(precision), float(recall)
''',
        "precision and recall swapped": '''
def precision_recall_at(y_true, scores, threshold):
    predicted = np.asarray(scores) >= threshold
    tp = np.sum(predicted & (y_true == 1))
    fp = np.sum(predicted & (y_true == 0))
    fn = np.sum(~predicted & (y_true == 1))
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return float(recall), float(precision)
''',
        "no guard when nothing is predicted positive": '''
def precision_recall_at(y_true, scores, threshold):
    predicted = np.asarray(scores) >= threshold
    tp = np.sum(predicted & (y_true == 1))
    fp = np.sum(predicted & (y_true == 0))
    fn = np.sum(~predicted & (y_true == 1))
    return float(tp / (tp + fp)), float(tp / (tp + fn))
''',
        "recall divides by TP + TN instead of TP + FN": '''
def precision_recall_at(y_true, scores, threshold):
    predicted = np.asarray(scores) >= threshold
    tp = np.sum(predicted & (y_true == 1))
    fp = np.sum(predicted & (y_true == 0))
    tn = np.sum(~predicted & (y_true == 0))
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + tn) if tp + tn > 0 else 0.0
    return float(precision), float(recall)
''',
        "precision divides by all examples": '''
def precision_recall_at(y_true, scores, threshold):
    predicted = np.asarray(scores) >= threshold
    tp = np.sum(predicted & (y_true == 1))
    fn = np.sum(~predicted & (y_true == 1))
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return float(tp / len(y_true)), float(recall)
''',
    },
    "threshold_for_recall": {
        "interpolated quantile of the positive scores": '''
def threshold_for_recall(y_true, scores, target_recall):
    positive = np.asarray(scores)[np.asarray(y_true) == 1]
    return float(np.quantile(positive, 1 - target_recall))
''',
        "one positive too far (index k instead of k - 1)": '''
def threshold_for_recall(y_true, scores, target_recall):
    positive = np.sort(np.asarray(scores)[np.asarray(y_true) == 1])[::-1]
    k = np.arange(1, len(positive) + 1)
    enough = k / len(positive) >= target_recall
    return float(positive[min(np.argmax(enough) + 1, len(positive) - 1)])
''',
        "sorts all scores, not only the positives'": '''
def threshold_for_recall(y_true, scores, target_recall):
    ranked = np.sort(np.asarray(scores))[::-1]
    n_pos = int(np.sum(np.asarray(y_true) == 1))
    k = int(np.ceil(target_recall * n_pos))
    return float(ranked[k - 1])
''',
        "rounds the number of positives needed down": '''
def threshold_for_recall(y_true, scores, target_recall):
    positive = np.sort(np.asarray(scores)[np.asarray(y_true) == 1])[::-1]
    k = max(int(target_recall * len(positive)), 1)
    return float(positive[k - 1])
''',
        "sorted from low to high": '''
def threshold_for_recall(y_true, scores, target_recall):
    positive = np.sort(np.asarray(scores)[np.asarray(y_true) == 1])
    k = np.arange(1, len(positive) + 1)
    enough = k / len(positive) >= target_recall
    return float(positive[np.argmax(enough)])
''',
        "lowest positive score (recall 1, whatever the target)": '''
def threshold_for_recall(y_true, scores, target_recall):
    return float(np.min(np.asarray(scores)[np.asarray(y_true) == 1]))
''',
    },
    "early_stopping_epochs": {
        "stops at the first epoch that does not improve": '''
def early_stopping_epochs(val_losses, patience):
    best_loss, best_epoch = float("inf"), 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        else:
            return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
''',
        "best epoch from all losses, also those after the stop": '''
def early_stopping_epochs(val_losses, patience):
    best_loss, waited = float("inf"), 0
    stop = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                stop = epoch
                break
    return int(np.argmin(val_losses)), stop
''',
        "counts since the previous epoch, not since the best": '''
def early_stopping_epochs(val_losses, patience):
    best_loss, best_epoch, waited = float("inf"), 0, 0
    previous = float("inf")
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        if loss < previous:
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
        previous = loss
    return best_epoch, len(val_losses) - 1
''',
        "waits one epoch too many (waited > patience)": '''
def early_stopping_epochs(val_losses, patience):
    best_loss, best_epoch, waited = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited > patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
''',
        "an equal loss counts as an improvement (<=)": '''
def early_stopping_epochs(val_losses, patience):
    best_loss, best_epoch, waited = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss <= best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
''',
    },
}
