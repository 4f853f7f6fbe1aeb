namespace ScoreProbe.Core.Design;

/// <summary>
/// Quasi-Newton minimisation (BFGS with the inverse-Hessian update and an Armijo backtracking line search; Nocedal and Wright,
/// Numerical Optimization, Algorithm 6.1) of a smooth function on R^n. Small n (a grid's log-increments), so the dense
/// inverse Hessian is cheap. Non-finite values count as failed trial steps.
/// </summary>
public static class BfgsMinimizer
{
    /// <summary>The minimiser found, its value and gradient, and the iterations used.</summary>
    public sealed record Result(double[] X, double Value, double[] Gradient, int Iterations, bool Converged);

    /// <param name="value">The function (line-search trials need only the value).</param>
    /// <param name="f">Value and gradient.</param>
    /// <param name="x0">Start.</param>
    /// <param name="tolerance">Stop when <c>max |grad| &lt;= tolerance * max(|f|, tiny)</c>.</param>
    /// <param name="maxIterations">Iteration budget.</param>
    /// <param name="maxStep">Largest change of any coordinate in one step.</param>
    public static Result Minimize(Func<double[], double> value, Func<double[], (double Value, double[] Gradient)> f, double[] x0, double tolerance, int maxIterations, double maxStep)
    {
        int n = x0.Length;
        var x = (double[])x0.Clone();
        var (fx, gradient) = f(x);
        var h = Identity(n);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            if (Converged(fx, gradient, tolerance)) return new Result(x, fx, gradient, iteration, true);
            var step = LineSearch(value, x, fx, gradient, Direction(h, gradient), maxStep);
            if (step is null)
            {
                // The quasi-Newton direction failed (a stiff barrier or rounding): restart from steepest descent once.
                h = Identity(n);
                step = LineSearch(value, x, fx, gradient, gradient.Select(g => -g).ToArray(), maxStep);
                if (step is null) return new Result(x, fx, gradient, iteration, Converged(fx, gradient, tolerance));
            }
            var trial = step;
            var (trialValue, trialGradient) = f(trial);
            var s = trial.Select((t, i) => t - x[i]).ToArray();
            var y = trialGradient.Select((g, i) => g - gradient[i]).ToArray();
            var sy = Dot(s, y);
            if (sy > 1e-300)
            {
                if (iteration == 0) h = Scaled(Identity(n), sy / Dot(y, y)); // Nocedal–Wright (6.20)
                Update(h, s, y, sy);
            }
            (x, fx, gradient) = (trial, trialValue, trialGradient);
        }
        return new Result(x, fx, gradient, maxIterations, Converged(fx, gradient, tolerance));
    }

    private static double[] Direction(double[,] h, double[] gradient)
    {
        int n = gradient.Length;
        var direction = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) direction[i] -= h[i, j] * gradient[j];
        return Dot(direction, gradient) < 0 ? direction : gradient.Select(g => -g).ToArray();
    }

    /// <summary>Armijo backtracking along <paramref name="direction"/>; null when no step of length above rounding decreases f.</summary>
    private static double[]? LineSearch(Func<double[], double> f, double[] x, double value, double[] gradient, double[] direction, double maxStep)
    {
        var slope = Dot(direction, gradient);
        var largest = direction.Max(Math.Abs);
        var alpha = largest > maxStep ? maxStep / largest : 1.0;
        while (alpha * largest >= 1e-14)
        {
            var trial = x.Select((xi, i) => xi + alpha * direction[i]).ToArray();
            var trialValue = f(trial);
            if (double.IsFinite(trialValue) && trialValue <= value + 1e-4 * alpha * slope) return trial;
            alpha *= 0.5;
        }
        return null;
    }

    private static bool Converged(double value, double[] gradient, double tolerance) =>
        gradient.Length == 0 || gradient.Max(Math.Abs) <= tolerance * Math.Max(Math.Abs(value), 1e-300);

    /// <summary><c>H &lt;- (I - rho s y^T) H (I - rho y s^T) + rho s s^T</c>, rho = 1/(y^T s) (Nocedal–Wright (6.17)).</summary>
    private static void Update(double[,] h, double[] s, double[] y, double sy)
    {
        int n = s.Length;
        var rho = 1 / sy;
        var hy = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) hy[i] += h[i, j] * y[j];
        var yhy = Dot(y, hy);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                h[i, j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
    }

    private static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }

    private static double[,] Scaled(double[,] m, double factor)
    {
        for (var i = 0; i < m.GetLength(0); i++)
            for (var j = 0; j < m.GetLength(1); j++) m[i, j] *= factor;
        return m;
    }
}
