package themes

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// rng is SplitMix64: tiny, fast and fully specified, so that the seeding
// of k-means never depends on the Go release.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float64 returns a number in [0, 1).
func (r *rng) float64() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

const (
	kmeansSeed    = 0x5eed_7e11_c0de_2024
	sampleSeed    = 0x5a3b_1e51_0ce7
	kmeansMaxIter = 40
	// parallelRows is the number of rows from which work is split
	// across cores.
	parallelRows = 2048
)

// workers is the number of goroutines to split work across.
func workers() int {
	w := runtime.GOMAXPROCS(0)
	if w < 1 {
		w = 1
	}
	return w
}

// parallelFor runs fn over [0, n) in contiguous chunks, one per worker,
// when n is at least grain (below that the split costs more than it
// saves). Each chunk gets its own worker number so that scratch space is
// not shared. Results must only be written to per-index slots, which
// keeps the outcome independent of scheduling.
func parallelFor(n, grain int, fn func(worker, lo, hi int)) {
	w := workers()
	if n < grain || w == 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + w - 1) / w
	for k := 0; k < w; k++ {
		lo, hi := k*chunk, min((k+1)*chunk, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(k, lo, hi)
		}()
	}
	wg.Wait()
}

// clustering is the result of one k-means run.
type clustering struct {
	k      int     // number of clusters actually seeded (≤ the k asked for)
	assign []int32 // cluster of each row
}

// kmeans runs spherical k-means (cosine similarity, centroids kept at unit
// length) seeded with greedy k-means++ from a fixed-seed generator, so
// that the same input always gives the same clusters.
func kmeans(X *csr, k int, seed uint64) clustering {
	n := X.rows()
	centers := seedPlusPlus(X, k, seed)
	k = len(centers)
	dim := X.dim

	// Centroids are stored term-major (C[t*k+c]) so that the similarity
	// of a sparse row to every centroid reads one contiguous run per term.
	C := make([]float64, dim*k)
	for c, r := range centers {
		idx, val := X.row(r)
		for j, t := range idx {
			C[int(t)*k+c] = val[j]
		}
	}
	assign := make([]int32, n)
	for i := range assign {
		assign[i] = -1
	}
	best := make([]float64, n)
	changedBy := make([]int, workers())
	count := make([]int, k)
	norm := make([]float64, k)
	simsBy := make([][]float64, workers())
	for w := range simsBy {
		simsBy[w] = make([]float64, k)
	}

	for iter := 0; iter < kmeansMaxIter; iter++ {
		clear(changedBy)
		parallelFor(n, parallelRows, func(w, lo, hi int) {
			sims := simsBy[w]
			for i := lo; i < hi; i++ {
				clear(sims)
				idx, val := X.row(i)
				for j, t := range idx {
					v := val[j]
					cr := C[int(t)*k : int(t)*k+k]
					for c := range cr {
						sims[c] += float64(v * cr[c]) // conversion: no fused multiply-add, same result on every platform
					}
				}
				bc, bs := 0, sims[0]
				for c := 1; c < k; c++ {
					if sims[c] > bs {
						bc, bs = c, sims[c]
					}
				}
				if assign[i] != int32(bc) {
					assign[i] = int32(bc)
					changedBy[w]++
				}
				best[i] = bs
			}
		})
		changed := 0
		for _, c := range changedBy {
			changed += c
		}
		if changed == 0 {
			break
		}

		// Update: sum of members, in row order.
		clear(C)
		clear(count)
		for i := 0; i < n; i++ {
			c := int(assign[i])
			count[c]++
			idx, val := X.row(i)
			for j, t := range idx {
				C[int(t)*k+c] += val[j]
			}
		}
		// An empty cluster takes the row least similar to its own
		// centroid, among clusters that can spare one.
		for c := 0; c < k; c++ {
			if count[c] > 0 {
				continue
			}
			r := -1
			for i := 0; i < n; i++ {
				if count[assign[i]] > 1 && (r < 0 || best[i] < best[r]) {
					r = i
				}
			}
			if r < 0 {
				continue
			}
			old := int(assign[r])
			idx, val := X.row(r)
			for j, t := range idx {
				C[int(t)*k+old] -= val[j]
				C[int(t)*k+c] += val[j]
			}
			count[old]--
			count[c]++
			assign[r] = int32(c)
			best[r] = 1
		}
		clear(norm)
		for t := 0; t < dim; t++ {
			cr := C[t*k : t*k+k]
			for c, v := range cr {
				norm[c] += float64(v * v)
			}
		}
		for c := range norm {
			if norm[c] > 0 {
				norm[c] = 1 / math.Sqrt(norm[c])
			}
		}
		for t := 0; t < dim; t++ {
			cr := C[t*k : t*k+k]
			for c := range cr {
				cr[c] *= norm[c]
			}
		}
	}
	return clustering{k: k, assign: assign}
}

// seedPlusPlus picks up to k distinct starting rows with greedy
// k-means++ (several candidates per step, keeping the one that lowers the
// potential most), distance being 1 − cosine. It stops early when every
// row already coincides with a seed.
func seedPlusPlus(X *csr, k int, seed uint64) []int {
	n := X.rows()
	r := rng{state: seed ^ uint64(k)*0x9e3779b97f4a7c15}
	dense := make([]float64, X.dim)
	distTo := func(center int, out []float64) {
		idx, val := X.row(center)
		for j, t := range idx {
			dense[t] = val[j]
		}
		parallelFor(n, parallelRows, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				d := X.cosineDistance(i, dense)
				out[i] = d * d
			}
		})
		for _, t := range idx {
			dense[t] = 0
		}
	}

	centers := []int{r.intn(n)}
	minD := make([]float64, n) // squared distance to the nearest seed
	distTo(centers[0], minD)
	locals := 2 + int(math.Log(float64(k)))
	cand := make([]float64, n)
	bestD := make([]float64, n)
	for len(centers) < k {
		var total float64
		for _, d := range minD {
			total += d
		}
		if total <= 0 {
			break
		}
		bestC, bestPot := -1, math.Inf(1)
		for l := 0; l < locals; l++ {
			target := r.float64() * total
			pick := n - 1
			var acc float64
			for i, d := range minD {
				acc += d
				if acc > target && d > 0 {
					pick = i
					break
				}
			}
			for minD[pick] == 0 && pick > 0 { // rounding at the very end
				pick--
			}
			distTo(pick, cand)
			var pot float64
			for i, d := range cand {
				pot += min(d, minD[i])
			}
			if pot < bestPot {
				bestC, bestPot = pick, pot
				copy(bestD, cand)
			}
		}
		centers = append(centers, bestC)
		for i, d := range bestD {
			minD[i] = min(minD[i], d)
		}
	}
	return centers
}

// sampleRows picks at most max rows for the silhouette: all of them, or
// a fixed-seed random sample (evenly spaced rows could alias with any
// periodic order of the input), in increasing order.
func sampleRows(n, max int) []int {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	if n <= max {
		return perm
	}
	r := rng{state: sampleSeed}
	for j := 0; j < max; j++ { // partial Fisher–Yates
		k := j + r.intn(n-j)
		perm[j], perm[k] = perm[k], perm[j]
	}
	s := perm[:max]
	slices.Sort(s)
	return s
}

// distances returns the cosine distances between the sample rows, as a
// dense m×m matrix.
func distances(X *csr, sample []int) []float32 {
	m := len(sample)
	D := make([]float32, m*m)
	dense := make([][]float64, workers())
	parallelFor(m, 64, func(w, lo, hi int) {
		if dense[w] == nil {
			dense[w] = make([]float64, X.dim)
		}
		dv := dense[w]
		for a := lo; a < hi; a++ {
			idx, val := X.row(sample[a])
			for j, t := range idx {
				dv[t] = val[j]
			}
			for b := 0; b < m; b++ {
				if b == a {
					continue
				}
				D[a*m+b] = float32(X.cosineDistance(sample[b], dv))
			}
			for _, t := range idx {
				dv[t] = 0
			}
		}
	})
	return D
}

// silhouette is the mean silhouette of the sample rows under a
// clustering; a row alone in its cluster (within the sample) scores 0.
func silhouette(D []float32, sample []int, cl clustering) float64 {
	m := len(sample)
	k := cl.k
	if m < 2 || k < 2 {
		return -1
	}
	lab := make([]int, m)
	size := make([]int, k)
	for a, r := range sample {
		lab[a] = int(cl.assign[r])
		size[lab[a]]++
	}
	sums := make([]float64, k)
	var total float64
	for a := 0; a < m; a++ {
		if size[lab[a]] < 2 {
			continue
		}
		clear(sums)
		row := D[a*m : a*m+m]
		for b, d := range row {
			sums[lab[b]] += float64(d)
		}
		own := sums[lab[a]] / float64(size[lab[a]]-1)
		other := math.Inf(1)
		for c := 0; c < k; c++ {
			if c != lab[a] && size[c] > 0 {
				other = min(other, sums[c]/float64(size[c]))
			}
		}
		if math.IsInf(other, 1) {
			continue
		}
		if den := max(own, other); den > 0 {
			total += (other - own) / den
		}
	}
	return total / float64(m)
}

// cosineDistance is 1 − cosine between row i of X and the dense unit
// vector v, never below 0 (rounding).
func (X *csr) cosineDistance(i int, v []float64) float64 {
	ri, rv := X.row(i)
	var s float64
	for j, t := range ri {
		s += float64(rv[j] * v[t])
	}
	return max(1-s, 0)
}
