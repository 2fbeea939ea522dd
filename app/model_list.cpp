#include "app/model_list.h"

#include <QFileInfo>

#include "session/models/bundled_models.h"
#include "session/teaching/teaching_session.h"
#include "session/training/training_session.h"

namespace digitscope::app {

void ModelList::setCurrent(LoadedModel model) {
    m_current = std::move(model);
}

void ModelList::setCurrentWeights(std::shared_ptr<const core::Network> network) {
    m_current.network = std::move(network);
}

LoadedModel ModelList::runModel(int runId) const {
    LoadedModel model;
    const ui::TrainingRun* run = m_session.run(runId);
    if (!run) return model;
    model.network = run->network;
    model.metadata = run->metadata();
    model.origin = LoadedModel::Origin::Training;
    model.name = run->label;
    model.path = run->savedPath;
    model.runId = run->id;
    return model;
}

bool ModelList::showsRun(int runId) const {
    return runId != 0 && m_current.origin == LoadedModel::Origin::Training &&
           m_current.runId == runId;
}

std::vector<ModelList::Entry> ModelList::entries() const {
    std::vector<Entry> result;
    for (const QString& name : ui::BundledModels::names())
        result.push_back({Kind::Bundled, name, name, 0, {}});
    if (m_current.network && m_current.origin == LoadedModel::Origin::File)
        result.push_back(
            {Kind::File, QObject::tr("%1 (file)").arg(m_current.name), {}, 0, m_current.path});
    for (const ui::TrainingRun& run : m_session.runs()) {
        QString text = QObject::tr("Run %1: %2").arg(run.id).arg(run.label);
        if (run.testAccuracy >= 0)
            text += QStringLiteral(" · %1%").arg(100 * run.testAccuracy, 0, 'f', 1);
        if (run.unsaved) text += QStringLiteral(" *");
        QString tip = run.unsaved ? QObject::tr("Trained here, not saved")
                                  : QObject::tr("Trained here, saved as %1").arg(run.savedPath);
        if (run.savedPath.isEmpty() && !run.unsaved) tip = QObject::tr("Trained here");
        result.push_back({Kind::Run, text, {}, run.id, tip});
    }
    if (m_teaching && m_teaching->hasBase() && m_teaching->taughtDigits() > 0)
        result.push_back({Kind::Taught,
                          m_teaching->describe() + (m_teaching->unsaved() ? " *" : ""),
                          {},
                          0,
                          QObject::tr("Taught your handwriting here")});
    if (m_current.network && m_current.origin == LoadedModel::Origin::Training &&
        !m_session.run(m_current.runId))
        result.push_back({Kind::Unlisted, m_current.name, {}, 0, {}});
    return result;
}

int ModelList::currentIndex(const std::vector<Entry>& entries) const {
    for (int i = 0; i < static_cast<int>(entries.size()); ++i) {
        const Entry& entry = entries[static_cast<std::size_t>(i)];
        const bool match =
            (entry.kind == Kind::Bundled && m_current.origin == LoadedModel::Origin::Bundled &&
             entry.name == m_current.name) ||
            (entry.kind == Kind::File && m_current.origin == LoadedModel::Origin::File) ||
            (entry.kind == Kind::Run && showsRun(entry.runId)) ||
            (entry.kind == Kind::Taught && m_current.origin == LoadedModel::Origin::Taught) ||
            (entry.kind == Kind::Unlisted && m_current.origin == LoadedModel::Origin::Training);
        if (match && m_current.network) return i;
    }
    return -1;
}

std::map<std::string, std::string> ModelList::metadataForSaving() const {
    if (const ui::TrainingRun* run = m_session.run(m_current.runId);
        run && m_current.origin == LoadedModel::Origin::Training)
        return run->metadata();
    std::map<std::string, std::string> metadata = m_current.metadata;
    if (m_current.origin == LoadedModel::Origin::Taught && m_teaching)
        return m_teaching->metadata();
    return metadata;
}

QString ModelList::suggestedFileName() const {
    QString name = m_current.name;
    if (name.endsWith(QStringLiteral(".dsm"))) name.chop(4);
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    name.replace(QLatin1Char(','), QString());
    return name + QStringLiteral(".dsm");
}

QString ModelList::describeCurrent() const {
    QString text = m_current.describe();
    if (m_current.origin == LoadedModel::Origin::Taught && m_teaching && m_teaching->unsaved())
        text += QObject::tr(" · not saved");
    if (m_current.origin == LoadedModel::Origin::Training) {
        const ui::TrainingRun* run = m_session.run(m_current.runId);
        if (!run) return text;
        text = QObject::tr("Run %1: %2").arg(run->id).arg(text);
        if (run->testAccuracy >= 0)
            text += QObject::tr(" · test %1%").arg(100 * run->testAccuracy, 0, 'f', 1);
        if (run->unsaved) text += QObject::tr(" · not saved");
    }
    return text;
}

}  // namespace digitscope::app
