// SPDX-License-Identifier: Apache-2.0
// ternary_tile.sv -- synthesizable ternary (MatMul-free) accumulator tile.
//
// R rows x C columns of 2-bit ternary weight cells. Every accepted activation
// vector x[0..R-1] (signed int8) is broadcast to all C columns; column c
// computes  s[c] = sum_r w[r][c] * x[r]  (add x / subtract x / nothing) through
// a fully pipelined binary adder tree at full width and then accumulates
//   acc[c] <= fit_ACC_W(acc[c] + s[c])
// where fit_ACC_W is two's-complement wrap (SATURATE=0) or clamp to
// [-2^(ACC_W-1), 2^(ACC_W-1)-1] (SATURATE=1), applied on EVERY accumulate step.
//
// Weight encoding: 2'b00 = 0, 2'b01 = +1, 2'b11 = -1, 2'b10 = reserved (= 0).
//
// Protocol (all signals sampled on the rising edge of clk, synchronous
// active-low reset rst_n):
//   1. start (accepted only while !busy) clears all accumulators, clears
//      res_valid and enters LOAD.
//   2. LOAD: w_ready=1. Each cycle with w_valid loads ONE row of C weights,
//      rows in order 0..R-1 (w_data[2c+1:2c] = w[row][c]). After row R-1 -> STREAM.
//   3. STREAM: a_ready=1. Each cycle with a_valid accepts one vector
//      (a_data[8r+7:8r] = x[r]). The vector flagged with a_last is the final one
//      (so M >= 1). After the a_last beat -> DRAIN (a_ready=0).
//   4. When the last vector has been accumulated: done pulses for one cycle,
//      res_valid goes high and res_data holds the C accumulators
//      (res_data[c*ACC_W +: ACC_W] = acc[c]) until the next start. -> IDLE.
//
// Pipeline: L = ceil(log2 R) registered adder-tree levels (the ternary
// select feeding level 1 is combinational from a_data), then the accumulator
// register: L + 1 register stages from the a_valid&&a_ready edge to acc.
//
// Timing closed form (no bubbles: w_valid/a_valid held high when ready).
// Let edge e_k be the rising edge at the end of cycle k, and start be
// sampled at e_0 (cycle 0 = the cycle in which start is high):
//   e_0                  : start -> acc cleared, state LOAD
//   e_1 .. e_R           : rows 0..R-1 loaded, state STREAM after e_R
//   e_{R+1} .. e_{R+M}   : vectors 0..M-1 accepted (vector M-1 has a_last)
//   e_{R+M+L}            : last vector reaches acc (L tree levels + acc reg)
//                          and done/res_valid are set on that same edge
//   cycle R+M+L+1        : done == 1, res_data final
// => CYCLES(R, C, M) = R + M + ceil(log2 R) + 1   (independent of C)
// counted as rising edges from the one sampling start up to and including
// the one that raises done. Every bubble cycle (w_valid or a_valid low while
// ready) adds exactly one cycle.
module ternary_tile #(
    parameter int R        = 4,
    parameter int C        = 4,
    parameter int ACC_W    = 16,
    parameter int SATURATE = 0   // 0: wrap, 1: saturate
) (
    input  logic               clk,
    input  logic               rst_n,
    // control
    input  logic               start,
    output logic               busy,
    output logic               done,
    // weight load: one row of C ternary weights per cycle
    input  logic               w_valid,
    output logic               w_ready,
    input  logic [2*C-1:0]     w_data,
    // activation stream
    input  logic               a_valid,
    output logic               a_ready,
    input  logic               a_last,
    input  logic [8*R-1:0]     a_data,
    // results
    output logic               res_valid,
    output logic [C*ACC_W-1:0] res_data
);
  // ------------------------------------------------------------------ params
  localparam int L     = (R > 1) ? $clog2(R) : 0;  // adder-tree levels
  localparam int NP    = 1 << L;                   // leaves (padded to 2^L)
  localparam int SUM_W = 9 + L;                    // |s| <= 128*R needs 9+L bits
  localparam int EXT_W = ((ACC_W > SUM_W) ? ACC_W : SUM_W) + 1;
  localparam int RW    = (R > 1) ? $clog2(R) : 1;  // row counter width

  typedef enum logic [1:0] {
    S_IDLE   = 2'd0,
    S_LOAD   = 2'd1,
    S_STREAM = 2'd2,
    S_DRAIN  = 2'd3
  } state_t;

  // ------------------------------------------------------------------ state
  state_t               state_q;
  logic [RW-1:0]        row_q;
  logic [2*C-1:0]       w_rows_q[R];
  logic [ACC_W-1:0]     acc_q[C];

  logic accept;  // activation beat accepted this cycle
  assign accept  = (state_q == S_STREAM) && a_valid;
  assign a_ready = (state_q == S_STREAM);
  assign w_ready = (state_q == S_LOAD);
  assign busy    = (state_q != S_IDLE);

  // ------------------------------------------------------- accumulate step
  // Full-width add of ACC_W accumulator and SUM_W tree sum at EXT_W bits
  // (cannot overflow), then wrap (keep low ACC_W bits) or saturate.
  function automatic logic [ACC_W-1:0] acc_step(input logic [ACC_W-1:0] a,
                                                input logic [SUM_W-1:0] s);
    logic [EXT_W-1:0]     full;
    logic [EXT_W-ACC_W:0] hi;
    full = {{(EXT_W - ACC_W) {a[ACC_W-1]}}, a} + {{(EXT_W - SUM_W) {s[SUM_W-1]}}, s};
    hi = full[EXT_W-1:ACC_W-1];
    if ((SATURATE != 0) && !((&hi) || !(|hi))) begin
      acc_step = full[EXT_W-1] ? {1'b1, {(ACC_W - 1) {1'b0}}}
                               : {1'b0, {(ACC_W - 1) {1'b1}}};
    end else begin
      acc_step = full[ACC_W-1:0];
    end
  endfunction

  // --------------------------------------------------- ternary select (comb)
  logic [SUM_W-1:0] prod[C][NP];
  always_comb begin
    for (int c = 0; c < C; c++) begin
      for (int i = 0; i < NP; i++) begin
        prod[c][i] = '0;
        if (i < R) begin
          case (w_rows_q[i][2*c+:2])
            2'b01:   prod[c][i] = {{(SUM_W - 8) {a_data[8*i+7]}}, a_data[8*i+:8]};
            2'b11:   prod[c][i] = -{{(SUM_W - 8) {a_data[8*i+7]}}, a_data[8*i+:8]};
            default: prod[c][i] = '0;
          endcase
        end
      end
    end
  end

  // --------------------------------------------- pipelined adder tree + acc
  logic [SUM_W-1:0] root[C];  // tree output feeding the accumulator
  logic             acc_en;   // root holds a valid vector sum
  logic             acc_last; // ... and it is the last one

  generate
    if (L == 0) begin : g_notree
      always_comb begin
        for (int c = 0; c < C; c++) root[c] = prod[c][0];
      end
      assign acc_en   = accept;
      assign acc_last = a_last;
    end else begin : g_tree
      // Heap-ordered internal nodes 1..NP-1 (node n has children 2n, 2n+1;
      // index >= NP denotes leaf prod[idx-NP]). Every node is a register, so
      // all paths from the leaves to the root (node 1) see exactly L stages.
      logic [SUM_W-1:0] node_q[C][NP];
      logic [L-1:0]     vld_q;
      logic [L-1:0]     last_q;
      always_ff @(posedge clk) begin
        for (int c = 0; c < C; c++) begin
          node_q[c][0] <= '0;  // unused slot, keeps the array fully driven
          for (int n = 1; n < NP; n++) begin
            if (2 * n >= NP) node_q[c][n] <= prod[c][2*n-NP] + prod[c][2*n+1-NP];
            else             node_q[c][n] <= node_q[c][2*n] + node_q[c][2*n+1];
          end
        end
      end
      always_ff @(posedge clk) begin
        if (!rst_n) begin
          vld_q  <= '0;
          last_q <= '0;
        end else begin
          vld_q[0]  <= accept;
          last_q[0] <= accept && a_last;
          for (int k = 1; k < L; k++) begin
            vld_q[k]  <= vld_q[k-1];
            last_q[k] <= last_q[k-1];
          end
        end
      end
      always_comb begin
        for (int c = 0; c < C; c++) root[c] = node_q[c][1];
      end
      assign acc_en   = vld_q[L-1];
      assign acc_last = last_q[L-1];
    end
  endgenerate

  // ------------------------------------------------------------ control/acc
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      state_q   <= S_IDLE;
      row_q     <= '0;
      done      <= 1'b0;
      res_valid <= 1'b0;
      for (int c = 0; c < C; c++) acc_q[c] <= '0;
    end else begin
      done <= 1'b0;
      case (state_q)
        S_IDLE: begin
          if (start) begin
            state_q   <= S_LOAD;
            row_q     <= '0;
            res_valid <= 1'b0;
            for (int c = 0; c < C; c++) acc_q[c] <= '0;
          end
        end
        S_LOAD: begin
          if (w_valid) begin
            row_q <= row_q + 1'b1;
            if (row_q == RW'(R - 1)) state_q <= S_STREAM;
          end
        end
        S_STREAM: begin
          if (a_valid && a_last) state_q <= S_DRAIN;
        end
        default: ;  // S_DRAIN: wait for the last sum to reach the accumulator
      endcase
      if (acc_en) begin
        for (int c = 0; c < C; c++) acc_q[c] <= acc_step(acc_q[c], root[c]);
        if (acc_last) begin
          state_q   <= S_IDLE;
          done      <= 1'b1;
          res_valid <= 1'b1;
        end
      end
    end
  end

  // weight rows (no reset needed: always loaded before use)
  always_ff @(posedge clk) begin
    if (state_q == S_LOAD && w_valid) w_rows_q[row_q] <= w_data;
  end

  always_comb begin
    for (int c = 0; c < C; c++) res_data[c*ACC_W+:ACC_W] = acc_q[c];
  end
endmodule
