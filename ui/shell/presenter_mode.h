#pragma once
// Presenter mode (View > Presenter mode, F5; Esc leaves): for teaching in front of a class.
//   - full screen, with the lesson navigator, the explanation, the tutorial panel and the menu
//     bar hidden; a slim caption at the bottom gives the lesson's title and summary;
//   - a zoom factor (Ctrl+= / Ctrl+-) scales the fonts, and the charts' fonts and line widths,
//     for a projector; it goes up to what the screen has room for (2 on a 1280 × 800 one, in
//     proportion on others), so that no label is cut;
//   - Page Down / Page Up (what presentation clickers send) and the arrow keys step the
//     lesson's loop or replay forwards and back (LessonPage::presenterStep) and move to the
//     next or previous lesson when it has nothing more to step;
//   - a laser pointer while L is held: the cursor becomes a bright dot with a short trail.
// Everything it changes is put back when it ends.

#include <QObject>
#include <QPointer>

#include <functional>

class QLabel;
class QMainWindow;
class QTimer;
class QWidget;

namespace ui {

class LaserPointer;

class PresenterMode : public QObject
{
    Q_OBJECT
public:
    /// Acts on `window`; `caption` gives the current lesson's caption text, `step(direction)`
    /// steps the lesson (see the file comment).
    PresenterMode(QMainWindow* window, std::function<QString()> caption, std::function<void(int)> step);
    ~PresenterMode() override;

    bool isActive() const { return m_active; }
    void setActive(bool active);
    double zoom() const { return m_zoom; }
    /// Sets the zoom (clamped to 0.5 … maxZoom()) and rescales the window's fonts and charts.
    void setZoom(double zoom);
    /// The largest zoom the window has room for: 2 at 1280 × 800, in proportion to the smaller
    /// of the window's width and height against those (full screen: the screen's), within 1 … 4.
    double maxZoom() const;
    /// The zooms Ctrl+= and Ctrl+- step through: 1.5 (where presenting starts) times powers of
    /// 1.15, from 0.5 to maxZoom().
    QList<double> zoomSteps() const;
    /// Refreshes the caption and re-applies the zoom to a page that just appeared.
    void pageChanged();
    QLabel* caption() const { return m_caption; }
    bool isLaserOn() const;

signals:
    void activeChanged(bool active);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Scales fonts and chart pens under `root` to `factor` times their size before presenting.
    void scale(QWidget* root, double factor);
    /// To the next zoom step up (+1) or down (−1), if there is one.
    void stepZoom(int direction);

    QMainWindow* m_window;
    std::function<QString()> m_captionText;
    std::function<void(int)> m_step;
    QLabel* m_caption;
    LaserPointer* m_laser;
    bool m_active = false;
    double m_zoom = 1.5; ///< kStartZoom
    bool m_wasFullScreen = false;
    QList<QPointer<QWidget>> m_hidden; ///< what entering hid, to show again
};

} // namespace ui
