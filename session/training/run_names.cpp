#include "session/training/run_names.h"

#include <QRegularExpression>
#include <algorithm>

namespace digitscope::ui {
namespace {

bool isNumber(const QString& word) {
    bool ok = false;
    word.toDouble(&ok);
    return ok;
}

}  // namespace

QStringList runLabelWords(const QString& label) {
    QStringList words;
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    for (const QString& word : label.split(separators, Qt::SkipEmptyParts)) {
        if (isNumber(word) && !words.isEmpty() && !isNumber(words.back()))
            words.back() += QLatin1Char(' ') + word;  // "lr" + "0.002"
        else
            words << word;
    }
    return words;
}

QStringList shortRunNames(const QStringList& labels) {
    if (labels.size() < 2) return labels;
    std::vector<QStringList> words;
    words.reserve(static_cast<std::size_t>(labels.size()));
    for (const QString& label : labels) words.push_back(runLabelWords(label));
    QStringList names;
    for (std::size_t i = 0; i < words.size(); ++i) {
        QStringList differing;
        for (const QString& word : words[i]) {
            bool everywhere = true;
            for (std::size_t j = 0; j < words.size() && everywhere; ++j)
                everywhere = words[j].contains(word);
            if (!everywhere) differing << word;
        }
        // Differing in nothing, or only in the " (2)" that makes twins unique: the whole label.
        const bool onlyCounters =
            std::all_of(differing.begin(), differing.end(),
                        [](const QString& word) { return word.startsWith(QLatin1Char('(')); });
        names << (onlyCounters ? labels[static_cast<qsizetype>(i)]
                               : differing.join(QLatin1Char(' ')));
    }
    // Names that came out equal say nothing: those runs keep their whole labels.
    for (qsizetype i = 0; i < names.size(); ++i)
        if (names.count(names[i]) > 1) {
            const QString same = names[i];
            for (qsizetype j = 0; j < names.size(); ++j)
                if (names[j] == same) names[j] = labels[j];
        }
    return names;
}

}  // namespace digitscope::ui
