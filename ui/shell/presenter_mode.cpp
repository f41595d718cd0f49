#include "ui/shell/presenter_mode.h"

#include "ui/base/palette.h"

#include <QAbstractItemView>
#include <QAbstractSeries>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QPainter>
#include <QScatterSeries>
#include <QStatusBar>
#include <QTimer>
#include <QXYSeries>

#include <algorithm>
#include <deque>

namespace ui {

/// The laser pointer: a bright dot with a fading trail, drawn over the whole window while on.
/// It never takes the mouse: clicks go through to the page below.
class LaserPointer : public QWidget
{
public:
    explicit LaserPointer(QWidget* window) : QWidget(window), m_timer(new QTimer(this))
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        hide();
        m_timer->setInterval(16);
        connect(m_timer, &QTimer::timeout, this, &LaserPointer::follow);
    }

    void setOn(bool on)
    {
        if (on == isVisible())
            return;
        if (on) {
            m_trail.clear();
            setGeometry(parentWidget()->rect());
            raise();
            show();
            m_timer->start();
            QApplication::setOverrideCursor(Qt::BlankCursor);
        } else {
            m_timer->stop();
            hide();
            QApplication::restoreOverrideCursor();
        }
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        // Older positions smaller and fainter, the newest a bright red dot with a soft glow.
        const Palette& colours = ui::palette();
        const int n = int(m_trail.size());
        for (int i = 0; i < n; ++i) {
            const double age = double(n - 1 - i) / kTrail;
            QColor trail = colours.laserTrail;
            trail.setAlpha(int(150 * (1.0 - age)));
            painter.setBrush(trail);
            const double radius = 7.0 * (1.0 - 0.6 * age);
            painter.drawEllipse(m_trail[std::size_t(i)], radius, radius);
        }
        if (n > 0) {
            painter.setBrush(colours.laserGlow);
            painter.drawEllipse(m_trail.back(), 16.0, 16.0);
            painter.setBrush(colours.laserDot);
            painter.drawEllipse(m_trail.back(), 8.0, 8.0);
        }
    }

private:
    static constexpr int kTrail = 14; ///< positions kept: about a quarter of a second

    void follow()
    {
        setGeometry(parentWidget()->rect());
        const QPointF here = mapFromGlobal(QCursor::pos());
        if (m_trail.empty() || m_trail.back() != here)
            m_trail.push_back(here);
        else if (!m_trail.empty())
            m_trail.pop_front(); // at rest the trail shrinks into the dot
        while (int(m_trail.size()) > kTrail)
            m_trail.pop_front();
        update();
    }

    QTimer* m_timer;
    std::deque<QPointF> m_trail;
};

namespace {

constexpr double kStartZoom = 1.5;  ///< where presenting starts
constexpr double kZoomStep = 1.15;  ///< Ctrl+= and Ctrl+-
constexpr double kLeastZoom = 0.5;
constexpr double kMostZoom = 4.0;
/// On a 1280 × 800 screen every page shows every label whole up to a zoom of 2 (measured:
/// tests/ui/shell/test_presenter_mode's noTextIsClippedAtAnyZoom; the first cuts come at 2.28).
constexpr double kMaxZoomAtReference = 2.0;
constexpr double kReferenceWidth = 1280.0, kReferenceHeight = 800.0;

/// The value stored under `key` on `object` the first time, so that scaling is always relative
/// to the size before presenting and a factor of 1 restores it exactly.
template <class T>
T original(QObject* object, const char* key, const T& current)
{
    const QVariant stored = object->property(key);
    if (stored.isValid())
        return stored.value<T>();
    object->setProperty(key, QVariant::fromValue(current));
    return current;
}

QFont scaledFont(QFont font, double factor)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else if (font.pixelSize() > 0)
        font.setPixelSize(std::max(1, int(font.pixelSize() * factor + 0.5)));
    return font;
}

/// Whether keys typed now are meant for an input field rather than for the presenter.
bool typingInField()
{
    const QWidget* focus = QApplication::focusWidget();
    return qobject_cast<const QLineEdit*>(focus) || qobject_cast<const QAbstractSpinBox*>(focus) ||
           qobject_cast<const QAbstractSlider*>(focus) || qobject_cast<const QComboBox*>(focus) ||
           qobject_cast<const QAbstractItemView*>(focus);
}

} // namespace

PresenterMode::PresenterMode(QMainWindow* window, std::function<QString()> caption, std::function<void(int)> step)
    : QObject(window), m_window(window), m_captionText(std::move(caption)), m_step(std::move(step)),
      m_caption(new QLabel), m_laser(new LaserPointer(window))
{
    m_caption->setObjectName(QStringLiteral("presenterCaption"));
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setContentsMargins(8, 2, 8, 2);
    m_caption->hide();
    m_window->statusBar()->addPermanentWidget(m_caption, 1); // status messages must not hide it
}

PresenterMode::~PresenterMode()
{
    if (m_active)
        qApp->removeEventFilter(this);
}

bool PresenterMode::isLaserOn() const
{
    return m_laser->isVisible();
}

void PresenterMode::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active) {
        m_wasFullScreen = m_window->isFullScreen();
        m_hidden.clear();
        for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
            if (dock->isVisible())
                m_hidden.append(dock);
        m_hidden.append(m_window->menuBar());
        for (QWidget* widget : m_hidden)
            widget->hide();
        m_caption->show();
        m_window->showFullScreen();
        qApp->installEventFilter(this);
        pageChanged();
    } else {
        qApp->removeEventFilter(this);
        m_laser->setOn(false);
        scale(m_window, 1.0);
        m_window->setFont(QFont());
        m_caption->hide();
        for (QWidget* widget : m_hidden)
            if (widget)
                widget->show();
        m_hidden.clear();
        if (!m_wasFullScreen)
            m_window->showNormal();
    }
    emit activeChanged(active);
}

void PresenterMode::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, kLeastZoom, maxZoom());
    if (m_active)
        scale(m_window, m_zoom);
}

double PresenterMode::maxZoom() const
{
    const double room = std::min(m_window->width() / kReferenceWidth, m_window->height() / kReferenceHeight);
    return std::clamp(kMaxZoomAtReference * room, 1.0, kMostZoom);
}

QList<double> PresenterMode::zoomSteps() const
{
    QList<double> steps;
    const double most = maxZoom();
    for (double z = kStartZoom; z >= kLeastZoom; z /= kZoomStep)
        if (z <= most)
            steps.prepend(z);
    for (double z = kStartZoom * kZoomStep; z <= most; z *= kZoomStep)
        steps.append(z);
    return steps;
}

void PresenterMode::stepZoom(int direction)
{
    const QList<double> steps = zoomSteps();
    if (direction > 0) {
        for (double z : steps)
            if (z > m_zoom * 1.001)
                return setZoom(z);
    } else {
        for (auto it = steps.rbegin(); it != steps.rend(); ++it)
            if (*it < m_zoom / 1.001)
                return setZoom(*it);
    }
}

void PresenterMode::pageChanged()
{
    if (!m_active)
        return;
    m_caption->setText(m_captionText());
    scale(m_window, m_zoom);
}

void PresenterMode::scale(QWidget* root, double factor)
{
    root->setFont(scaledFont(QApplication::font(), factor));
    for (QChartView* view : root->findChildren<QChartView*>()) {
        QChart* chart = view->chart();
        chart->setTitleFont(scaledFont(original(chart, "presenterTitleFont", chart->titleFont()), factor));
        chart->legend()->setFont(scaledFont(original(chart->legend(), "presenterFont", chart->legend()->font()), factor));
        for (QAbstractAxis* axis : chart->axes()) {
            axis->setLabelsFont(scaledFont(original(axis, "presenterLabelsFont", axis->labelsFont()), factor));
            axis->setTitleFont(scaledFont(original(axis, "presenterTitleFont", axis->titleFont()), factor));
        }
        for (QAbstractSeries* series : chart->series()) {
            if (auto* scatter = qobject_cast<QScatterSeries*>(series)) {
                scatter->setMarkerSize(original(scatter, "presenterMarkerSize", scatter->markerSize()) * factor);
            } else if (auto* line = qobject_cast<QXYSeries*>(series)) {
                QPen pen = line->pen();
                pen.setWidthF(original(line, "presenterPenWidth", pen.widthF()) * factor);
                line->setPen(pen);
            }
        }
    }
}

bool PresenterMode::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress && event->type() != QEvent::KeyRelease)
        return QObject::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    // A key press reaches the filter once per widget it propagates through: act on the first.
    if (!watched->isWidgetType() || static_cast<QWidget*>(watched)->window() != m_window)
        return QObject::eventFilter(watched, event);
    if (event->type() == QEvent::KeyRelease) {
        if (key->key() == Qt::Key_L && !key->isAutoRepeat() && isLaserOn()) {
            m_laser->setOn(false);
            return true;
        }
        return QObject::eventFilter(watched, event);
    }
    const bool control = key->modifiers() & Qt::ControlModifier;
    const bool arrows = !typingInField();
    switch (key->key()) {
    case Qt::Key_Escape:
        setActive(false);
        return true;
    case Qt::Key_PageDown:
        m_step(+1);
        return true;
    case Qt::Key_PageUp:
        m_step(-1);
        return true;
    case Qt::Key_Right:
    case Qt::Key_Down:
        if (!arrows)
            break;
        m_step(+1);
        return true;
    case Qt::Key_Left:
    case Qt::Key_Up:
        if (!arrows)
            break;
        m_step(-1);
        return true;
    case Qt::Key_Equal:
    case Qt::Key_Plus:
        if (!control)
            break;
        stepZoom(+1);
        return true;
    case Qt::Key_Minus:
        if (!control)
            break;
        stepZoom(-1);
        return true;
    case Qt::Key_L:
        if (control || typingInField())
            break;
        if (!key->isAutoRepeat())
            m_laser->setOn(true);
        return true;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ui
