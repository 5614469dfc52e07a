package com.talkhint.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A plain Java2D line chart (headless, no chart library): numeric x and y axes with rounded ticks, one polyline
 * with markers per series, optional dashed reference lines, a legend. Several charts can share one PNG, stacked.
 */
final class LineChart {

	private static final Color[] PALETTE = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
			new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b) };

	/** One line: points with a {@code null} y are gaps (a figure this level could not give). */
	record Series(String name, List<double[]> points) {
	}

	/** A horizontal dashed line at {@code y}, e.g. the 1 s latency target. */
	record Reference(String name, double y) {
	}

	private final String title;

	private final String xLabel;

	private final String yLabel;

	private final List<Series> series = new ArrayList<>();

	private final List<Reference> references = new ArrayList<>();

	LineChart(String title, String xLabel, String yLabel) {
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
	}

	/** Adds a series from parallel x values and (nullable) y values. */
	LineChart series(String name, List<? extends Number> xs, List<? extends Number> ys) {
		List<double[]> points = new ArrayList<>();
		for (int i = 0; i < xs.size() && i < ys.size(); i++) {
			if (ys.get(i) != null && !Double.isNaN(ys.get(i).doubleValue())) {
				points.add(new double[] { xs.get(i).doubleValue(), ys.get(i).doubleValue() });
			}
		}
		this.series.add(new Series(name, points));
		return this;
	}

	LineChart reference(String name, double y) {
		this.references.add(new Reference(name, y));
		return this;
	}

	/** Writes {@code charts} stacked into one PNG, each {@code width} × {@code height} pixels. */
	static void write(Path file, int width, int height, LineChart... charts) throws IOException {
		BufferedImage image = new BufferedImage(width, height * charts.length, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, image.getWidth(), image.getHeight());
			for (int i = 0; i < charts.length; i++) {
				charts[i].draw(g, new Rectangle(0, i * height, width, height));
			}
		}
		finally {
			g.dispose();
		}
		ImageIO.write(image, "png", file.toFile());
	}

	void draw(Graphics2D g, Rectangle area) {
		Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
		g.setFont(base.deriveFont(Font.BOLD, 15f));
		g.setColor(Color.BLACK);
		g.drawString(this.title, area.x + 70, area.y + 24);
		g.setFont(base);
		Rectangle plot = new Rectangle(area.x + 70, area.y + 40, area.width - 330, area.height - 90);
		double[] xr = range(true);
		double[] yr = range(false);
		double[] xTicks = ticks(xr[0], xr[1]);
		double[] yTicks = ticks(yr[0], yr[1]);
		xr = new double[] { Math.min(xr[0], xTicks[0]), Math.max(xr[1], xTicks[xTicks.length - 1]) };
		yr = new double[] { Math.min(yr[0], yTicks[0]), Math.max(yr[1], yTicks[yTicks.length - 1]) };
		FontMetrics fm = g.getFontMetrics();
		for (double t : yTicks) {
			int y = py(t, yr, plot);
			g.setColor(new Color(0xe6e6e6));
			g.drawLine(plot.x, y, plot.x + plot.width, y);
			g.setColor(Color.DARK_GRAY);
			String label = format(t);
			g.drawString(label, plot.x - 6 - fm.stringWidth(label), y + 4);
		}
		for (double t : xTicks) {
			int x = px(t, xr, plot);
			g.setColor(new Color(0xf0f0f0));
			g.drawLine(x, plot.y, x, plot.y + plot.height);
			g.setColor(Color.DARK_GRAY);
			String label = format(t);
			g.drawString(label, x - fm.stringWidth(label) / 2, plot.y + plot.height + 16);
		}
		g.setColor(Color.BLACK);
		g.drawRect(plot.x, plot.y, plot.width, plot.height);
		g.drawString(this.xLabel, plot.x + plot.width / 2 - fm.stringWidth(this.xLabel) / 2, plot.y + plot.height + 34);
		Graphics2D rotated = (Graphics2D) g.create();
		rotated.rotate(-Math.PI / 2);
		rotated.drawString(this.yLabel, -(plot.y + plot.height / 2 + fm.stringWidth(this.yLabel) / 2), area.x + 16);
		rotated.dispose();
		int legendY = plot.y + 8;
		int legendX = plot.x + plot.width + 16;
		for (Reference reference : this.references) {
			int y = py(reference.y(), yr, plot);
			g.setColor(Color.GRAY);
			g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 5f }, 0f));
			g.drawLine(plot.x, y, plot.x + plot.width, y);
			g.drawLine(legendX, legendY, legendX + 24, legendY);
			g.setStroke(new BasicStroke(1f));
			g.drawString(reference.name(), legendX + 30, legendY + 4);
			legendY += 20;
		}
		for (int i = 0; i < this.series.size(); i++) {
			Series s = this.series.get(i);
			Color color = PALETTE[i % PALETTE.length];
			g.setColor(color);
			g.setStroke(new BasicStroke(2f));
			int[] previous = null;
			for (double[] p : s.points()) {
				int[] xy = { px(p[0], xr, plot), py(p[1], yr, plot) };
				if (previous != null) {
					g.drawLine(previous[0], previous[1], xy[0], xy[1]);
				}
				if (s.points().size() <= 60) {
					g.fillOval(xy[0] - 3, xy[1] - 3, 7, 7);
				}
				previous = xy;
			}
			g.drawLine(legendX, legendY, legendX + 24, legendY);
			g.setStroke(new BasicStroke(1f));
			g.setColor(Color.BLACK);
			g.drawString(s.name() + (s.points().isEmpty() ? " (no data)" : ""), legendX + 30, legendY + 4);
			legendY += 20;
		}
	}

	private double[] range(boolean x) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (Series s : this.series) {
			for (double[] p : s.points()) {
				min = Math.min(min, x ? p[0] : p[1]);
				max = Math.max(max, x ? p[0] : p[1]);
			}
		}
		if (!x) {
			for (Reference r : this.references) {
				min = Math.min(min, r.y());
				max = Math.max(max, r.y());
			}
			min = Math.min(min, 0); // latency and memory read best from zero; negative hint latencies extend it
		}
		if (min == Double.POSITIVE_INFINITY) {
			return new double[] { 0, 1 };
		}
		if (max - min < 1e-9) {
			max = min + 1;
		}
		return new double[] { min, max };
	}

	/** About five "nice" ticks (1, 2, 5 × 10^k) covering {@code [min, max]}. */
	static double[] ticks(double min, double max) {
		double raw = (max - min) / 5;
		double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
		double step = 10 * magnitude;
		// The smallest nice step giving at most 7 intervals, so the axis ends near the data.
		for (double m : new double[] { 1, 2, 5, 10 }) {
			if ((Math.ceil(max / (m * magnitude)) - Math.floor(min / (m * magnitude))) <= 7) {
				step = m * magnitude;
				break;
			}
		}
		double first = Math.floor(min / step) * step;
		double last = Math.ceil(max / step) * step;
		int count = (int) Math.round((last - first) / step) + 1;
		double[] ticks = new double[count];
		for (int i = 0; i < count; i++) {
			ticks[i] = first + i * step;
		}
		return ticks;
	}

	private static int px(double x, double[] range, Rectangle plot) {
		return plot.x + (int) Math.round((x - range[0]) / (range[1] - range[0]) * plot.width);
	}

	private static int py(double y, double[] range, Rectangle plot) {
		return plot.y + plot.height - (int) Math.round((y - range[0]) / (range[1] - range[0]) * plot.height);
	}

	private static String format(double v) {
		return (Math.abs(v - Math.rint(v)) < 1e-9) ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v);
	}

}
