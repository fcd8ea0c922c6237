;; PIL's two resampling passes (Pillow 9.4, ImagingResampleHorizontal_8bpc / Vertical_8bpc) on RGBA pixels,
;; with WebAssembly SIMD. Hand-written because no library does PIL's exact fixed-point arithmetic, and plain
;; JavaScript takes about three times the 15 ms the issue allows for a 12-megapixel photo.
;;
;; PIL sums pixel × weight in 32-bit ints, the weights having 22 fractional bits, starts the sum at 2^21 and
;; keeps bits 22..29 clamped to a byte. Here two taps go through one `i32x4.dot_i16x8_s`: the lanes hold
;; (r0, r1, g0, g1, b0, b1, a0, a1) as 16-bit ints and the weights are split as w = hi × 2^11 + lo, both
;; halves fitting 16 bits, so that (Σ px × hi) × 2^11 + Σ px × lo + 2^21 is PIL's sum exactly (it never
;; overflows 32 bits, as PIL's does not). The caller lays the weights out per output pixel, in pairs of taps,
;; each pair as two vectors: hi = (h0, h1) × 4 and lo = (l0, l1) × 4, a missing second tap weighing 0 (so its
;; pixel, read past the last tap, must be readable memory: the caller pads its buffers).
;; Alpha comes out 255 (PIL's RGB ignores it).
(module
  (memory (export "memory") 1)

  ;; One output pixel from its sums: ((hi << 11) + lo + 2^21) >> 22, clamped to bytes, alpha 255.
  (func $pixel (param $hi v128) (param $lo v128) (result v128)
    (local $s v128)
    (local.set $s
      (i32x4.shr_s
        (i32x4.add
          (i32x4.add (i32x4.shl (local.get $hi) (i32.const 11)) (local.get $lo))
          (v128.const i32x4 0x200000 0x200000 0x200000 0x200000))
        (i32.const 22)))
    (local.set $s (i16x8.narrow_i32x4_s (local.get $s) (local.get $s)))
    (v128.or
      (i8x16.narrow_i16x8_u (local.get $s) (local.get $s))
      (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000)))

  ;; Horizontal pass: `rows` rows of `src` (`stride` bytes apart) to `cols` output pixels each, written
  ;; contiguously at `out`. `bounds` holds, per output pixel, its first input pixel and its number of tap
  ;; pairs (two i32); `wts` its weight pairs, `kpairs` × 32 bytes per output pixel.
  (func (export "horizontal")
    (param $src i32) (param $stride i32) (param $rows i32) (param $cols i32)
    (param $bounds i32) (param $wts i32) (param $kpairs i32) (param $out i32)
    (local $y i32) (local $xx i32) (local $row i32) (local $p i32) (local $k i32) (local $n i32)
    (local $b i32) (local $w i32) (local $colw i32)
    (local $hi v128) (local $lo v128) (local $px v128)
    (local.set $colw (i32.shl (local.get $kpairs) (i32.const 5)))
    (local.set $row (local.get $src))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $xx (i32.const 0))
        (local.set $b (local.get $bounds))
        (local.set $w (local.get $wts))
        (block $cols_done
          (loop $cols_loop
            (br_if $cols_done (i32.ge_u (local.get $xx) (local.get $cols)))
            (local.set $p (i32.add (local.get $row) (i32.shl (i32.load (local.get $b)) (i32.const 2))))
            (local.set $n (i32.load offset=4 (local.get $b)))
            (local.set $k (local.get $w))
            (local.set $hi (v128.const i32x4 0 0 0 0))
            (local.set $lo (v128.const i32x4 0 0 0 0))
            ;; Every output pixel has at least one tap pair.
            (loop $taps_loop
              ;; r0 g0 b0 a0 r1 g1 b1 a1 as 16-bit lanes, reordered to r0 r1 g0 g1 b0 b1 a0 a1.
              (local.set $px (v128.load8x8_u (local.get $p)))
              (local.set $px (i8x16.shuffle 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15 (local.get $px) (local.get $px)))
              (local.set $hi (i32x4.add (local.get $hi) (i32x4.dot_i16x8_s (local.get $px) (v128.load (local.get $k)))))
              (local.set $lo (i32x4.add (local.get $lo) (i32x4.dot_i16x8_s (local.get $px) (v128.load offset=16 (local.get $k)))))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (local.set $k (i32.add (local.get $k) (i32.const 32)))
              (br_if $taps_loop (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (v128.store32_lane 0 (local.get $out) (call $pixel (local.get $hi) (local.get $lo)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $b (i32.add (local.get $b) (i32.const 8)))
            (local.set $w (i32.add (local.get $w) (local.get $colw)))
            (local.set $xx (i32.add (local.get $xx) (i32.const 1)))
            (br $cols_loop)))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows_loop))))

  ;; Vertical pass: `rowsOut` output rows of `cols` pixels from `src` (`stride` bytes per row), written at
  ;; `out` (`outStride` bytes per row). `bounds` holds, per output row, its first input row and number of
  ;; tap pairs; `wts` the weight pairs, `kpairs` × 32 bytes per output row.
  (func (export "vertical")
    (param $src i32) (param $stride i32) (param $cols i32) (param $rowsOut i32)
    (param $bounds i32) (param $wts i32) (param $kpairs i32) (param $out i32) (param $outStride i32)
    (local $yy i32) (local $xx i32) (local $top i32) (local $p i32) (local $k i32) (local $n i32)
    (local $pairs i32) (local $k0 i32) (local $o i32) (local $step i32)
    (local $hi v128) (local $lo v128) (local $px v128)
    (local.set $step (i32.shl (local.get $stride) (i32.const 1)))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $yy) (local.get $rowsOut)))
        (local.set $top (i32.add (local.get $src) (i32.mul (i32.load (local.get $bounds)) (local.get $stride))))
        (local.set $pairs (i32.load offset=4 (local.get $bounds)))
        (local.set $k0 (i32.add (local.get $wts) (i32.mul (local.get $yy) (i32.shl (local.get $kpairs) (i32.const 5)))))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $yy) (local.get $outStride))))
        (local.set $xx (i32.const 0))
        (block $cols_done
          (loop $cols_loop
            (br_if $cols_done (i32.ge_u (local.get $xx) (local.get $cols)))
            (local.set $p (i32.add (local.get $top) (i32.shl (local.get $xx) (i32.const 2))))
            (local.set $k (local.get $k0))
            (local.set $n (local.get $pairs))
            (local.set $hi (v128.const i32x4 0 0 0 0))
            (local.set $lo (v128.const i32x4 0 0 0 0))
            (loop $taps_loop
              ;; A pixel from each of two rows, as 16-bit lanes r0 r1 g0 g1 b0 b1 a0 a1.
              (local.set $px (i16x8.extend_low_i8x16_u
                (v128.load32_lane 1 (i32.add (local.get $p) (local.get $stride)) (v128.load32_zero (local.get $p)))))
              (local.set $px (i8x16.shuffle 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15 (local.get $px) (local.get $px)))
              (local.set $hi (i32x4.add (local.get $hi) (i32x4.dot_i16x8_s (local.get $px) (v128.load (local.get $k)))))
              (local.set $lo (i32x4.add (local.get $lo) (i32x4.dot_i16x8_s (local.get $px) (v128.load offset=16 (local.get $k)))))
              (local.set $p (i32.add (local.get $p) (local.get $step)))
              (local.set $k (i32.add (local.get $k) (i32.const 32)))
              (br_if $taps_loop (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (v128.store32_lane 0 (local.get $o) (call $pixel (local.get $hi) (local.get $lo)))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $xx (i32.add (local.get $xx) (i32.const 1)))
            (br $cols_loop)))
        (local.set $bounds (i32.add (local.get $bounds) (i32.const 8)))
        (local.set $yy (i32.add (local.get $yy) (i32.const 1)))
        (br $rows_loop))))
)
