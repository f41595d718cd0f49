#pragma once
// The state of the Gaussian-process lesson apart from its widgets: the data points, the kernel
// and its hyperparameters (one 1-D GaussianProcess), what the chart shows besides the posterior
// (sample curves, the hidden function), and the undoable edits of the data. The page observes
// it and draws; sessions, CSV import and tests read and write it.
//
// Every edit is all or nothing: data, a kernel or hyperparameters the GP cannot model are
// refused with a message for the user, and the model keeps what it had.

#include "engine/core/types.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QPointF>
#include <QString>

#include <memory>

class QJsonObject;
class QUndoStack;

namespace emu {
class GaussianProcess;
}

namespace ui {

class GpLessonModel : public QObject
{
    Q_OBJECT
public:
    /// The inputs the lesson shows: x in [xMin, xMax].
    static constexpr double xMin = -3.0;
    static constexpr double xMax = 3.0;

    /// The opening demo: six noisy observations of the smooth wave, an RBF kernel.
    explicit GpLessonModel(QObject* parent = nullptr);
    ~GpLessonModel() override;

    // --- data ---
    const QList<QPointF>& points() const { return m_points; }
    /// Installs `points` without an undo entry (a drag in progress, undo/redo themselves).
    /// Refused (the previous data stay) if the GP cannot model them: returns the reason.
    QString setPoints(const QList<QPointF>& points);
    /// Replaces the data as one undoable edit named `description`; refused as setPoints().
    QString editPoints(const QString& description, const QList<QPointF>& after);
    /// Records a change already shown live (a drag from `before` to the current points).
    void recordEdit(const QString& description, const QList<QPointF>& before);
    QUndoStack* undoStack() const { return m_undo; }
    /// Adds `count` noisy observations of the hidden function at random inputs (one edit).
    void sampleFromTruth(int count);

    // --- model ---
    QString kernelId() const { return m_kernelId; }
    /// A new GP with kernel `id` (a kernelRegistry() id, or a sum or product of them as
    /// makeKernelExpression() reads: "rbf+periodic") at its default hyperparameters, the
    /// noise kept, on the current data; refused (the kernel stays) if it cannot model them.
    QString setKernel(const QString& id);
    const emu::GaussianProcess& gp() const { return *m_gp; }
    /// Sets the log hyperparameters (kernel, then noise); refused if the GP cannot use them.
    QString setLogParams(const emu::Vector& logParams);
    /// Posterior mean at x.
    double posteriorMean(double x) const;
    double logMarginalLikelihood() const;

    // --- what the chart shows besides the posterior ---
    /// "none", "prior" or "posterior".
    QString samples() const { return m_samples; }
    void setSamples(const QString& samples);
    /// Seed of the sample curves (and of sampleFromTruth()); resample() draws new ones.
    quint64 sampleSeed() const { return m_sampleSeed; }
    void resample();
    /// Id of the hidden function ("wave", "step", "periodic") and its value at x.
    QString truthId() const { return m_truthId; }
    void setTruthId(const QString& id);
    double truth(double x) const;
    bool showTruth() const { return m_showTruth; }
    void setShowTruth(bool show);
    /// The hidden functions, as (id, display name) in menu order.
    static QList<QPair<QString, QString>> hiddenFunctions();

    // --- files ---
    QJsonObject saveState() const;
    /// Restores a saved state; checks everything first and changes nothing on error.
    QString restoreState(const QJsonObject& state);
    QString dataCsv() const;
    /// Replaces the data by a CSV's (one input column, then the output) as one edit.
    QString importCsv(const QString& csvText, const QString& sourceName);

signals:
    /// The data changed (so did the posterior).
    void pointsChanged();
    /// The kernel was replaced: its hyperparameters are others.
    void kernelChanged();
    /// The hyperparameters changed (kernel or noise), so did the posterior.
    void hyperparametersChanged();
    /// Sample curves, their seed or the hidden function changed.
    void viewChanged();
    /// An edit was refused; the message says why (for the status bar).
    void refused(const QString& message);

private:
    QString refuse(const QString& message);

    std::unique_ptr<emu::GaussianProcess> m_gp;
    QString m_kernelId;
    QList<QPointF> m_points;
    QUndoStack* m_undo;
    QString m_samples = QStringLiteral("posterior");
    quint64 m_sampleSeed = 1;
    QString m_truthId = QStringLiteral("wave");
    bool m_showTruth = false;
};

} // namespace ui
