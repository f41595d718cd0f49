#include "ui/lessons/gaussian_processes/gp_lesson_model.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/data/csv_reader.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "ui/models/points_edit_command.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUndoStack>

#include <cmath>

namespace ui {

namespace {

constexpr double kObservationNoiseSd = 0.1;

/// The hidden functions the user can sample data from.
struct HiddenFunction
{
    const char* id;
    const char* name;
    double (*f)(double);
};

const HiddenFunction kHiddenFunctions[] = {
    {"wave", "Smooth wave", [](double x) { return std::sin(1.6 * x) + 0.4 * std::cos(4.3 * x); }},
    {"step", "Smoothed step", [](double x) { return std::tanh(5.0 * x) - 0.2 * x; }},
    {"periodic", "Periodic", [](double x) { return std::sin(2.0 * M_PI * x / 1.3); }},
};

const HiddenFunction* findHiddenFunction(const QString& id)
{
    for (const HiddenFunction& f : kHiddenFunctions)
        if (id == QLatin1String(f.id))
            return &f;
    return nullptr;
}

QList<QPointF> pointsFromJson(const QJsonArray& array, QString* error)
{
    QList<QPointF> points;
    for (const QJsonValue& value : array) {
        const QJsonArray pair = value.toArray();
        if (pair.size() != 2 || !pair[0].isDouble() || !pair[1].isDouble()) {
            *error = QObject::tr("a data point is not a pair of numbers");
            return {};
        }
        points.append(QPointF(pair[0].toDouble(), pair[1].toDouble()));
    }
    return points;
}

/// The points' x as an n×1 matrix of inputs, and their y as outputs.
emu::Matrix inputsOf(const QList<QPointF>& points)
{
    emu::Matrix X(points.size(), 1);
    for (qsizetype i = 0; i < points.size(); ++i)
        X(i, 0) = points[i].x();
    return X;
}

emu::Vector outputsOf(const QList<QPointF>& points)
{
    emu::Vector y(points.size());
    for (qsizetype i = 0; i < points.size(); ++i)
        y(i) = points[i].y();
    return y;
}

/// A GP of kernel `id` in the lesson's teaching setting: zero prior mean and raw output units,
/// so the variance slider is the prior's variance and prior samples look like the textbook's.
std::unique_ptr<emu::GaussianProcess> teachingGp(const QString& id, double noiseVariance)
{
    emu::GpSettings settings;
    settings.mean = emu::MeanFunction::Zero;
    settings.normalizeOutputs = false;
    settings.noiseVariance = noiseVariance;
    auto kernel = emu::makeKernelExpression(id.toStdString(), 1, false);
    if (id == QStringLiteral("rbf") || id.startsWith(QStringLiteral("matern")))
        kernel->setLogParams(emu::Vector::Constant(kernel->paramCount(), 0.0)); // variance 1, ℓ 1
    return std::make_unique<emu::GaussianProcess>(std::move(kernel), settings);
}

} // namespace

GpLessonModel::GpLessonModel(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this))
{
    setKernel(QStringLiteral("rbf"));
    emu::Rng rng(7);
    QList<QPointF> initial;
    for (double x : {-2.4, -1.7, -0.6, 0.3, 0.9, 2.2})
        initial.append(QPointF(x, truth(x) + kObservationNoiseSd * rng.normal()));
    setPoints(initial);
}

GpLessonModel::~GpLessonModel() = default;

QString GpLessonModel::refuse(const QString& message)
{
    emit refused(message);
    return message;
}

QString GpLessonModel::setPoints(const QList<QPointF>& points)
{
    try {
        m_gp->setData(inputsOf(points), outputsOf(points));
    } catch (const emu::Error& e) { // the GP keeps its previous data, and so does the model
        return refuse(tr("No usable model with these points (%1); the previous model stays.")
                          .arg(QString::fromUtf8(e.what())));
    }
    m_points = points;
    emit pointsChanged();
    return {};
}

QString GpLessonModel::editPoints(const QString& description, const QList<QPointF>& after)
{
    const QList<QPointF> before = m_points;
    if (const QString problem = setPoints(after); !problem.isEmpty())
        return problem;
    recordEdit(description, before);
    return {};
}

void GpLessonModel::recordEdit(const QString& description, const QList<QPointF>& before)
{
    m_undo->push(new PointsEditCommand(description, before, m_points,
                                       [this](const QList<QPointF>& p) { setPoints(p); }, true));
}

void GpLessonModel::sampleFromTruth(int count)
{
    emu::Rng rng(m_sampleSeed * 7919 + quint64(m_points.size()));
    QList<QPointF> after = m_points;
    for (int i = 0; i < count; ++i) {
        const double x = rng.uniform(xMin, xMax);
        after.append(QPointF(x, truth(x) + kObservationNoiseSd * rng.normal()));
    }
    editPoints(tr("Sample %1 points").arg(count), after);
}

QString GpLessonModel::setKernel(const QString& id)
{
    std::unique_ptr<emu::GaussianProcess> gp;
    try {
        gp = teachingGp(id, m_gp ? m_gp->noiseVariance() : 0.01);
        gp->setData(inputsOf(m_points), outputsOf(m_points));
    } catch (const emu::Error& e) { // the previous kernel stays
        return refuse(tr("No usable model with this kernel and these points (%1); the previous "
                         "model stays.")
                          .arg(QString::fromUtf8(e.what())));
    }
    m_gp = std::move(gp);
    m_kernelId = id;
    emit kernelChanged();
    emit hyperparametersChanged();
    return {};
}

QString GpLessonModel::setLogParams(const emu::Vector& logParams)
{
    try {
        m_gp->setLogParams(logParams);
    } catch (const emu::Error& e) { // the GP keeps its previous values
        return refuse(tr("No usable model with these hyperparameters (%1); the previous model "
                         "stays.")
                          .arg(QString::fromUtf8(e.what())));
    }
    emit hyperparametersChanged();
    return {};
}

double GpLessonModel::posteriorMean(double x) const
{
    emu::Matrix point(1, 1);
    point(0, 0) = x;
    return m_gp->predict(point).mean(0);
}

double GpLessonModel::logMarginalLikelihood() const
{
    return m_gp->logMarginalLikelihood();
}

void GpLessonModel::setSamples(const QString& samples)
{
    if (samples == m_samples)
        return;
    m_samples = samples;
    emit viewChanged();
}

void GpLessonModel::resample()
{
    ++m_sampleSeed;
    emit viewChanged();
}

void GpLessonModel::setTruthId(const QString& id)
{
    if (id == m_truthId || !findHiddenFunction(id))
        return;
    m_truthId = id;
    emit viewChanged();
}

double GpLessonModel::truth(double x) const
{
    return findHiddenFunction(m_truthId)->f(x);
}

void GpLessonModel::setShowTruth(bool show)
{
    if (show == m_showTruth)
        return;
    m_showTruth = show;
    emit viewChanged();
}

QList<QPair<QString, QString>> GpLessonModel::hiddenFunctions()
{
    QList<QPair<QString, QString>> out;
    for (const HiddenFunction& f : kHiddenFunctions)
        out.append({QString::fromLatin1(f.id), tr(f.name)});
    return out;
}

QJsonObject GpLessonModel::saveState() const
{
    QJsonArray points;
    for (const QPointF& p : m_points)
        points.append(QJsonArray{p.x(), p.y()});
    QJsonArray params;
    const emu::Vector logParams = m_gp->logParams();
    for (emu::Index j = 0; j < logParams.size(); ++j)
        params.append(logParams(j));
    return QJsonObject{{"points", points},  {"kernel", m_kernelId}, {"logParams", params},
                       {"samples", m_samples}, {"showTruth", m_showTruth}, {"truth", m_truthId}};
}

QString GpLessonModel::restoreState(const QJsonObject& state)
{
    // Validate everything before changing anything: a bad file must leave the model as it was.
    QString error;
    const QList<QPointF> points = pointsFromJson(state.value("points").toArray(), &error);
    if (!error.isEmpty())
        return error;
    for (const QPointF& p : points)
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            return tr("a data point is not finite");
    const QString kernelId = state.value("kernel").toString();
    std::unique_ptr<emu::GaussianProcess> gp;
    try {
        gp = teachingGp(kernelId, 0.01);
    } catch (const emu::Error& e) {
        return tr("unknown kernel \"%1\": %2").arg(kernelId, QString::fromUtf8(e.what()));
    }
    const QJsonArray params = state.value("logParams").toArray();
    emu::Vector logParams(params.size());
    for (qsizetype j = 0; j < params.size(); ++j)
        logParams(j) = params[j].toDouble(std::nan(""));
    if (logParams.size() != gp->logParams().size() || !logParams.allFinite())
        return tr("the hyperparameters do not match the kernel \"%1\"").arg(kernelId);
    try {
        gp->setLogParams(logParams);
        gp->setData(inputsOf(points), outputsOf(points));
    } catch (const emu::Error& e) {
        return tr("No usable model with these points and hyperparameters (%1)")
            .arg(QString::fromUtf8(e.what()));
    }
    const QString samples = state.value("samples").toString();
    const QString truthId = state.value("truth").toString();

    m_gp = std::move(gp);
    m_kernelId = kernelId;
    m_points = points;
    m_samples = QStringList{"none", "prior", "posterior"}.contains(samples) ? samples
                                                                            : QStringLiteral("posterior");
    m_truthId = findHiddenFunction(truthId) ? truthId : QStringLiteral("wave");
    m_showTruth = state.value("showTruth").toBool();
    m_undo->clear();
    emit kernelChanged();
    emit hyperparametersChanged();
    emit pointsChanged();
    emit viewChanged();
    return {};
}

QString GpLessonModel::dataCsv() const
{
    QString csv = QStringLiteral("x,y\n");
    for (const QPointF& p : m_points)
        csv += QStringLiteral("%1,%2\n").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
    return csv;
}

QString GpLessonModel::importCsv(const QString& csvText, const QString& sourceName)
{
    try {
        const emu::RegressionData data = emu::toRegressionData(
            emu::parseCsv(csvText.toStdString(), sourceName.toStdString()), sourceName.toStdString());
        if (data.X.cols() != 1)
            return tr("%1 has %2 input columns; this lesson is one-dimensional (one input column, "
                      "then the output).")
                .arg(sourceName)
                .arg(data.X.cols());
        QList<QPointF> points;
        for (emu::Index i = 0; i < data.X.rows(); ++i)
            points.append(QPointF(data.X(i, 0), data.y(i)));
        if (const QString problem = editPoints(tr("Import %1").arg(sourceName), points);
            !problem.isEmpty())
            return tr("%1: %2").arg(sourceName, problem);
        return {};
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
}

} // namespace ui
